"""Field rules, including property-based checks that cleaning never lets bad text through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.fields import FieldKind, FieldSpec, image_mime
from app.errors import FieldError

TEXT = FieldSpec("name", "Name", max_length=50)
EMAIL = FieldSpec("email", "E-mail", FieldKind.EMAIL)
COUNTRY = FieldSpec("country", "Country", FieldKind.COUNTRY)
COLOUR = FieldSpec("colour", "Colour", FieldKind.COLOUR)
COUNT = FieldSpec("employees", "Employees", FieldKind.COUNT)


@given(st.text(max_size=80))
def test_text_is_either_clean_or_refused_with_the_field_named(value: str) -> None:
    try:
        cleaned = TEXT.clean(value)
    except FieldError as error:
        assert error.field == "name" and error.label == "Name"
        return
    assert cleaned is None or (
        len(cleaned) <= 50 and "\n" not in cleaned and cleaned == cleaned.strip()
    )


@pytest.mark.parametrize("value", ["a@b.org", "first.last+tag@sub.example.co.uk"])
def test_email_accepts_addresses(value: str) -> None:
    assert EMAIL.clean(value) == value


@pytest.mark.parametrize("value", ["a@b", "no-at-sign", "a@b.c", "<a@b.org>", "a b@c.org"])
def test_email_refuses_what_is_not_an_address(value: str) -> None:
    with pytest.raises(FieldError, match="not an e-mail"):
        EMAIL.clean(value)


def test_country_is_an_iso_code_stored_upper_case() -> None:
    assert COUNTRY.clean("ie") == "IE"
    with pytest.raises(FieldError, match="ISO 3166"):
        COUNTRY.clean("Ireland")


def test_colour_and_count() -> None:
    assert COLOUR.clean("#AABBCC") == "#aabbcc"
    with pytest.raises(FieldError):
        COLOUR.clean("red; background:url(file:///etc/passwd)")
    assert COUNT.clean(" 42 ") == 42
    with pytest.raises(FieldError, match="whole number"):
        COUNT.clean("forty")
    with pytest.raises(FieldError):
        COUNT.clean(-1)


def test_images_are_png_or_jpeg_by_content() -> None:
    logo = FieldSpec("logo", "Logo", FieldKind.IMAGE)
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 10
    assert logo.clean(png) == png and image_mime(png) == "image/png"
    with pytest.raises(FieldError, match="PNG and JPEG"):
        logo.clean(b"<svg xmlns='http://www.w3.org/2000/svg'><image href='file:///etc/passwd'/>")
