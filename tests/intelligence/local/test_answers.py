"""A bare count answers the agent's question: read as the slot that was asked for."""

from __future__ import annotations

import pytest

from ghl_real_estate_ai.domain.conversation import ConversationTurn
from ghl_real_estate_ai.domain.taxonomy import Speaker
from ghl_real_estate_ai.intelligence.local.answers import answered, answered_prospect_texts


class TestBareCounts:
    @pytest.mark.parametrize(
        ("question", "reply", "written"),
        [
            ("How many bedrooms are you after?", "at least 3", "at least 3 bedrooms"),
            ("How many bedrooms?", "one is fine", "one bedrooms is fine"),
            ("And how many bathrooms?", "2 please", "2 bathrooms please"),
            ("How many bathrooms do you need?", "2.5", "2.5 bathrooms"),
            ("¿Cuántas recámaras necesitan?", "tres", "tres bedrooms"),
            ("How many bedrooms should it have?", "I just want one.", "i just want one bedrooms."),
        ],
    )
    def test_a_count_alone_takes_the_asked_slot(self, question: str, reply: str, written: str) -> None:
        assert answered(question, reply) == written

    @pytest.mark.parametrize(
        ("question", "reply"),
        [
            ("How many beds and baths?", "3"),  # two slots asked: the count could be either
            ("Which area are you in?", "450"),  # no room count asked (a budget question: see below)
            ("How many bedrooms?", "3 or 4 if the price is right"),  # more than a count
            ("Do you have kids?", "2"),
        ],
    )
    def test_anything_else_is_left_as_written(self, question: str, reply: str) -> None:
        assert answered(question, reply) == reply

    def test_each_reply_is_read_with_the_question_just_before_it(self) -> None:
        context = [
            ConversationTurn(speaker=Speaker.AGENT, message="How many bedrooms?"),
            ConversationTurn(speaker=Speaker.PROSPECT, message="3"),
            ConversationTurn(speaker=Speaker.AGENT, message="Great. Any area in mind?"),
        ]
        assert answered_prospect_texts(context, "2") == ["3 bedrooms", "2"]


class TestAnswersToOtherQuestions:
    @pytest.mark.parametrize(
        ("question", "reply", "written"),
        [
            ("Is there a price you don't want to go over?", "four twenty", "our budget is four twenty"),
            ("What's your max?", "$1,800 a month", "our budget is $1,800 a month"),
            ("When do you want to be moved in?", "next April", "we want to move next April"),
            ("Are you pre-approved?", "yep, for 500", "we are preapproved, yep, for 500"),
            ("Any deal breakers?", "HOA and stairs", "ruled out: HOA and stairs"),
            ("What's your budget?", "depends, maybe 350?", "depends, maybe our budget is 350?"),
            ("What price range?", "Wells Branch, mid 4s", "Wells Branch, our budget is mid 4s"),
        ],
    )
    def test_a_short_reply_takes_the_asked_slot(self, question: str, reply: str, written: str) -> None:
        assert answered(question, reply) == written

    @pytest.mark.parametrize(
        ("question", "reply"),
        [
            ("What's your budget?", "not sure yet"),  # no figure
            ("Are you pre-approved?", "not yet"),
            ("When works for a call?", "we were thinking of maybe looking at some places in Kyle later on"),
        ],
    )
    def test_a_reply_that_does_not_answer_is_left_alone(self, question: str, reply: str) -> None:
        assert answered(question, reply) == reply
