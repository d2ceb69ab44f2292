"""Qt item models over the plain rows the session hands out."""
