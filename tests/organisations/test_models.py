"""organisations.models: boards renamed, split and merged, and who answers for them now."""

import pytest
from django.db import IntegrityError, transaction

from organisations.models import Board
from tests.factories import BoardFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


class TestBoardReorganisations:
    def test_a_board_never_replaced_answers_for_itself(self):
        board = BoardFactory()
        assert board.is_active
        assert board.current_boards() == [board]

    def test_a_renamed_board_is_answered_for_by_its_successor(self):
        organisation = OrganisationFactory()
        old = BoardFactory(organisation=organisation, name="Grund- och förskolenämnden")
        new = BoardFactory(organisation=organisation, name="Grundskolenämnden")
        old.successors.add(new)
        assert not old.is_active
        assert old.current_boards() == [new]
        assert list(new.predecessors.all()) == [old]

    def test_a_split_board_is_answered_for_by_all_its_successors(self):
        organisation = OrganisationFactory()
        old = BoardFactory(organisation=organisation)
        first, second = BoardFactory.create_batch(2, organisation=organisation)
        old.successors.add(first, second)
        assert old.current_boards() == [first, second]

    def test_a_chain_of_renames_ends_at_the_board_of_today(self):
        organisation = OrganisationFactory()
        a, b, c = BoardFactory.create_batch(3, organisation=organisation)
        a.successors.add(b)
        b.successors.add(c)
        assert a.current_boards() == [c]

    def test_a_merge_points_several_boards_to_one(self):
        organisation = OrganisationFactory()
        a, b, merged = BoardFactory.create_batch(3, organisation=organisation)
        a.successors.add(merged)
        b.successors.add(merged)
        assert a.current_boards() == b.current_boards() == [merged]
        assert set(merged.predecessors.all()) == {a, b}

    def test_board_names_are_unique_within_an_organisation(self):
        board = BoardFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Board.objects.create(organisation=board.organisation, name=board.name)
        Board.objects.create(organisation=OrganisationFactory(), name=board.name)
