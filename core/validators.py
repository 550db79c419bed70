"""Bounds every module puts on what users type."""

from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)

YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2200)]

# Every text a user writes (findings, observations, responses, …) is bounded: the seed's
# longest is under 2,000 characters, and one pasted 2 MB text would make every draft PDF
# of its review take a minute. PostgreSQL refuses NUL characters, so they are refused
# here, with a message, rather than there, with a crash.
TEXT_MAX_LENGTH = 20_000
TEXT_VALIDATORS = [MaxLengthValidator(TEXT_MAX_LENGTH), ProhibitNullCharactersValidator()]
