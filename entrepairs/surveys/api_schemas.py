"""Shapes of the surveys API (entrepairs/surveys/api.py). Input schemas forbid unknown fields."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from entrepairs.api.schemas import (
    JSON_NUMBER,
    Flag,
    Moment,
    PrivacyKind,
    StrictInput,
    Text,
    confirm_privacy_field,
)

Small = Annotated[int, Field(ge=0, le=1000), JSON_NUMBER]


class QuestionIn(StrictInput):
    kind: Literal["single", "multiple", "scale", "text"]
    text: Text = Field(max_length=300)
    choices: list[Annotated[Text, Field(max_length=120)]] = Field(default_factory=list, max_length=12)
    scale_max: Annotated[int, Field(ge=3, le=10), JSON_NUMBER] | None = None
    required: Flag | None = None


class SurveyIn(StrictInput):
    title: Text = Field(max_length=120)
    description: Text = Field(default="", max_length=2000)
    opens_at: Moment
    closes_at: Moment
    anonymous: Flag = False
    questions: list[QuestionIn] = Field(min_length=1, max_length=30)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class SurveyPatch(StrictInput):
    """Fields left out keep their value. Once someone answered: `closes_at` (not in the past, never
    reopening a closed survey) and corrections of wording only (409 `survey_answered`); `questions`,
    when given, replaces them all (in the same order and shape once answered)."""

    title: Text | None = Field(default=None, max_length=120)
    description: Text | None = Field(default=None, max_length=2000)
    opens_at: Moment | None = None
    closes_at: Moment | None = None
    anonymous: Flag | None = None
    questions: list[QuestionIn] | None = Field(default=None, min_length=1, max_length=30)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class AnswerIn(StrictInput):
    """{question id: option index (single), [indexes] (multiple), value (scale), text}."""

    answers: dict[str, Small | list[Small] | Annotated[Text, Field(max_length=500)] | None]
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class QuestionOut(Schema):
    id: int
    kind: str
    text: str
    choices: list[str]
    scale_max: int | None
    required: bool


class SurveyOut(Schema):
    id: int
    title: str
    description: str
    opens_at: datetime
    closes_at: datetime
    anonymous: bool
    is_open: bool
    is_closed: bool
    answered: bool


class SurveyDetailOut(SurveyOut):
    questions: list[QuestionOut]


class SurveyList(Schema):
    items: list[SurveyOut]


class AnswerOut(Schema):
    survey_id: int
    submitted_on: str


class ResultCellOut(Schema):
    label: str
    count: int | None = Field(description="null when fewer than k members: hidden")
    percent: int | None


class QuestionResultOut(Schema):
    question_id: int
    kind: str
    text: str
    answered: int | None
    cells: list[ResultCellOut]
    texts: list[str] | None = Field(description="written answers, for editors only")


class ResultsOut(Schema):
    k: int
    closed: bool
    respondents: int | None
    questions: list[QuestionResultOut]


class ThresholdIn(StrictInput):
    k: Annotated[int, Field(ge=3, le=50), JSON_NUMBER]


class ThresholdOut(Schema):
    k: int
