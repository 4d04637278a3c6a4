"""The rules file as strict pydantic models.

A rule reads one signal with one condition (``is``, ``min``/``max``, ``in``, ``any``,
``matches``), optionally further signals under ``and``, and carries a weight and tags. Whether a
condition fits the signal's kind (an ``int`` signal cannot ``match`` a regex) is checked by the
loader against the signal registry, not here: the models only know the shape of the file.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

# A flag is raised when the summed weight of a message's hits carrying the flag's tag reaches the
# flag's threshold. The mapping is fixed: the rest of the tool (filing, the grade listing) knows
# these two flag names.
FLAG_TAGS: dict[str, str] = {"suspect-fraud": "fraud", "phishing": "phishing"}

Scalar = bool | int | float | str
CONDITION_KEYS = ("is", "min", "max", "in", "any", "matches")
RULE_ID_PATTERN = r"^[A-Z][A-Z0-9_]*$"
FlagName = Literal["suspect-fraud", "phishing"]
Threshold = Annotated[float, Field(gt=0)]  # 0 would flag every message
# Scores are sums of weights: a weight near float's limit makes them infinite, which `--json`
# cannot print, and flags trip at a few points, so no sane weight comes near this.
MAX_WEIGHT = 1000


def _bounded_weight(value: float) -> float:
    if abs(value) > MAX_WEIGHT:
        raise ValueError(
            f"weight {value:g} is outside -{MAX_WEIGHT}..{MAX_WEIGHT} (flags trip at a few points)"
        )
    return value


Weight = Annotated[float, AfterValidator(_bounded_weight)]


class _Strict(BaseModel):
    # strict: YAML gives typed values, so `weight: "2"` or `enabled: "no"` is a typo to report,
    # not a string to convert; and no NaN or infinity, which would poison every score.
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, strict=True, allow_inf_nan=False
    )


class Clause(_Strict):
    """One signal and one condition on it. Exactly one condition kind per clause, except that
    ``min`` and ``max`` may be given together (a range)."""

    signal: str = Field(min_length=1)
    is_: Scalar | None = Field(default=None, alias="is")
    min: float | None = None
    max: float | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in", min_length=1)
    any: bool | None = None
    matches: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_condition(self) -> Clause:
        given = self.condition_keys()
        if not given:
            raise ValueError(f"no condition: give one of {', '.join(CONDITION_KEYS)}")
        if len(given) > 1 and set(given) != {"min", "max"}:
            raise ValueError(
                f"more than one condition ({', '.join(given)}); use `and:` to combine signals"
            )
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is above max {self.max:g}")
        return self

    def conditions(self) -> dict[str, object]:
        """The conditions this clause sets, by their file-format keys."""
        values = {
            "is": self.is_,
            "min": self.min,
            "max": self.max,
            "in": self.in_,
            "any": self.any,
            "matches": self.matches,
        }
        return {key: value for key, value in values.items() if value is not None}

    def condition_keys(self) -> list[str]:
        """The condition keys this clause sets, in file-format spelling."""
        return list(self.conditions())


class Description(_Strict):
    """What a rule means, for the clerk: English required, Chinese strongly wanted."""

    en: str = Field(min_length=1)
    zh: str | None = None

    def text(self, language: str) -> str:
        """The description in ``language``, falling back to English."""
        return (self.zh if language == "zh" else None) or self.en


class DescriptionOverride(_Strict):
    """A user file's description: either language alone changes only that one."""

    en: str | None = Field(default=None, min_length=1)
    zh: str | None = None


class Rule(Clause):
    """One rule: its main clause (``signal`` + condition) and optional further clauses."""

    id: str = Field(pattern=RULE_ID_PATTERN)
    description: Description
    and_: list[Clause] = Field(default_factory=list, alias="and")
    weight: Weight
    tags: list[str] = Field(default_factory=list)
    enabled: bool = True

    def clauses(self) -> list[Clause]:
        """The main clause followed by the ``and`` clauses."""
        main = Clause.model_validate({"signal": self.signal, **self.conditions()})
        return [main, *self.and_]


class RuleOverride(_Strict):
    """An entry of a user rules file. For an id that exists in the bundled rules every field is
    optional (the entry changes only what it names); a new id must be a complete rule."""

    id: str = Field(pattern=RULE_ID_PATTERN)
    description: DescriptionOverride | None = None
    signal: str | None = Field(default=None, min_length=1)
    is_: Scalar | None = Field(default=None, alias="is")
    min: float | None = None
    max: float | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in", min_length=1)
    any: bool | None = None
    matches: str | None = Field(default=None, min_length=1)
    and_: list[Clause] | None = Field(default=None, alias="and")
    weight: Weight | None = None
    tags: list[str] | None = None
    enabled: bool | None = None


class RuleFile(_Strict):
    """A whole rules file as written: the bundled one must be complete."""

    version: Literal[1]
    flags: dict[FlagName, Threshold] = Field(default_factory=dict)
    rules: list[Rule]


class UserRuleFile(_Strict):
    """A user's rules file: overrides and additions, merged over the bundled rules by id."""

    version: Literal[1] = 1
    flags: dict[FlagName, Threshold] = Field(default_factory=dict)
    rules: list[RuleOverride] = Field(default_factory=list)


class RuleSet(_Strict):
    """The effective rules after merging: what the engine compiles and grading records by hash."""

    version: int
    flags: dict[str, float]
    rules: tuple[Rule, ...]
    digest: str  # sha256 of the canonical effective rules; a changed file regrades the store
    sources: tuple[str, ...] = ()  # files the rules were read from, bundled first
