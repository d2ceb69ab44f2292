"""Risk matrices: the scales a risk's severity and likelihood are rated on, what each level
means, and the risk level a position gives.

Two are offered: the CNIL method's 4x4 (the default) and the UK ICO's 3x3. A DPIA names its
matrix; ratings are whole numbers from 1 to the matrix size, 0 meaning "not rated yet".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.i18n import N_


class MatrixKind(StrEnum):
    CNIL_4X4 = "cnil_4x4"
    ICO_3X3 = "ico_3x3"


MATRIX_LABELS = {
    MatrixKind.CNIL_4X4: N_("4 × 4 (CNIL method)"),
    MatrixKind.ICO_3X3: N_("3 × 3 (UK ICO template)"),
}


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


RISK_LEVEL_LABELS = {
    RiskLevel.LOW: N_("Low"),
    RiskLevel.MEDIUM: N_("Medium"),
    RiskLevel.HIGH: N_("High"),
}


@dataclass(frozen=True)
class Level:
    name: str  # marked with N_
    meaning: str  # marked with N_: what the level means for the people concerned


@dataclass(frozen=True)
class RiskMatrix:
    kind: MatrixKind
    severity: tuple[Level, ...]  # index 0 is level 1
    likelihood: tuple[Level, ...]
    grid: tuple[tuple[RiskLevel, ...], ...]  # grid[severity - 1][likelihood - 1]

    @property
    def size(self) -> int:
        return len(self.severity)

    def level(self, severity: int, likelihood: int) -> RiskLevel | None:
        """The risk level of a position; None while either rating is missing."""
        if not (1 <= severity <= self.size and 1 <= likelihood <= self.size):
            return None
        return self.grid[severity - 1][likelihood - 1]


_L, _M, _H = RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH

CNIL_4X4 = RiskMatrix(
    MatrixKind.CNIL_4X4,
    severity=(
        Level(
            N_("Negligible"),
            N_("People may meet minor inconveniences they overcome without any problem."),
        ),
        Level(
            N_("Limited"),
            N_("People may meet significant inconveniences they overcome despite some difficulty."),
        ),
        Level(
            N_("Significant"),
            N_(
                "People may meet significant consequences they overcome only with serious "
                "difficulty."
            ),
        ),
        Level(
            N_("Maximum"),
            N_(
                "People may meet significant, even irreversible consequences they may not overcome."
            ),
        ),
    ),
    likelihood=(
        Level(N_("Negligible"), N_("It does not seem possible for the risk sources to do it.")),
        Level(N_("Limited"), N_("It seems difficult for the risk sources to do it.")),
        Level(N_("Significant"), N_("It seems possible for the risk sources to do it.")),
        Level(N_("Maximum"), N_("It seems extremely easy for the risk sources to do it.")),
    ),
    # Both ratings significant or more: the risk must be avoided or reduced (high); one of
    # them: it should be reduced (medium); neither: it can be accepted (low).
    grid=(
        (_L, _L, _M, _M),
        (_L, _L, _M, _M),
        (_M, _M, _H, _H),
        (_M, _M, _H, _H),
    ),
)

ICO_3X3 = RiskMatrix(
    MatrixKind.ICO_3X3,
    severity=(
        Level(N_("Minimal"), N_("Little or no lasting effect on people.")),
        Level(N_("Significant"), N_("Real harm people can recover from with effort.")),
        Level(N_("Severe"), N_("Serious or lasting harm to people.")),
    ),
    likelihood=(
        Level(N_("Remote"), N_("Could happen only in exceptional circumstances.")),
        Level(N_("Possible"), N_("There is a reasonable chance it happens.")),
        Level(N_("Probable"), N_("More likely to happen than not.")),
    ),
    grid=(
        (_L, _L, _M),
        (_L, _M, _H),
        (_M, _H, _H),
    ),
)

MATRICES = {CNIL_4X4.kind: CNIL_4X4, ICO_3X3.kind: ICO_3X3}


def matrix(kind: str | None) -> RiskMatrix:
    return MATRICES.get(MatrixKind(kind) if kind in MATRICES else MatrixKind.CNIL_4X4, CNIL_4X4)
