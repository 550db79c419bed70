"""User texts become paragraphs, lists and emphasis, and nothing else."""

from reviews.prose import render_prose


def test_paragraphs_and_line_breaks():
    assert render_prose("Ett.\nTvå.\n\nTre.") == "<p>Ett.<br>Två.</p>\n<p>Tre.</p>"


def test_a_sentence_followed_by_a_list():
    assert render_prose("Bland annat genom:\n\n- Rutiner\n- Utbildning") == (
        "<p>Bland annat genom:</p>\n<ul><li>Rutiner</li><li>Utbildning</li></ul>"
    )
    assert render_prose("Genom:\n- Rutiner\n- Utbildning") == (
        "<p>Genom:</p>\n<ul><li>Rutiner</li><li>Utbildning</li></ul>"
    )


def test_emphasis_between_asterisks():
    assert (
        render_prose("inom *Ekonomiskt bistånd* och")
        == "<p>inom <em>Ekonomiskt bistånd</em> och</p>"
    )
    assert render_prose("3 * 4 = 12") == "<p>3 * 4 = 12</p>"


def test_markup_typed_by_a_user_stays_text():
    html = render_prose('<script>alert(1)</script> <a href="http://x">*länk*</a> & "citat"')
    assert html == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;a href=&quot;http://x&quot;&gt;"
        "<em>länk</em>&lt;/a&gt; &amp; &quot;citat&quot;</p>"
    )


def test_empty_text_prints_nothing():
    assert render_prose("") == "" and render_prose(None) == ""


def test_a_text_without_the_new_syntax_renders_as_before():
    # Output as the formatter gave it before headings and nesting, so PDFs already made stay same.
    text = (
        "Granskningen visar:\r\n- Rutiner saknas\r\n• Ingen *uppföljning*\r\n – Delegation oklar"
        "\r\n\r\n1. Första åtgärden\r\n2. Andra åtgärden\r\n\r\nSe bilaga #3, 3 * 4 och -5."
    )
    assert render_prose(text) == (
        "<p>Granskningen visar:</p>\n"
        "<ul><li>Rutiner saknas</li><li>Ingen <em>uppföljning</em></li>"
        "<li>Delegation oklar</li></ul>\n"
        "<p>1. Första åtgärden<br>2. Andra åtgärden</p>\n"
        "<p>Se bilaga #3, 3 * 4 och -5.</p>"
    )


def test_a_list_indented_all_alike_stays_flat():
    assert render_prose("  - Rutiner\n  - Utbildning\n\n    - Uppföljning\n    - Kontroll") == (
        "<ul><li>Rutiner</li><li>Utbildning</li></ul>\n"
        "<ul><li>Uppföljning</li><li>Kontroll</li></ul>"
    )


class TestHeadings:
    def test_hash_and_space_make_a_heading(self):
        assert render_prose("# Iakttagelser") == '<h4 class="prose-heading">Iakttagelser</h4>'

    def test_two_hashes_make_a_smaller_heading(self):
        assert render_prose("Inledning.\n\n## Bakgrund\n\nText.") == (
            '<p>Inledning.</p>\n<h5 class="prose-heading">Bakgrund</h5>\n<p>Text.</p>'
        )

    def test_a_hash_without_a_space_is_text(self):
        assert render_prose("#1 i listan\n#hashtag\n#\n### Tre") == (
            "<p>#1 i listan<br>#hashtag<br>#<br>### Tre</p>"
        )

    def test_a_heading_may_open_a_paragraph(self):
        assert render_prose("# Åtgärder\nNämnden ska:\n- Se över rutiner\n- Följa upp") == (
            '<h4 class="prose-heading">Åtgärder</h4>\n'
            "<p>Nämnden ska:</p>\n"
            "<ul><li>Se över rutiner</li><li>Följa upp</li></ul>"
        )

    def test_a_heading_line_inside_a_paragraph_splits_it(self):
        assert render_prose("Före.\n## Mitt\nEfter.") == (
            '<p>Före.</p>\n<h5 class="prose-heading">Mitt</h5>\n<p>Efter.</p>'
        )

    def test_markup_in_a_heading_stays_text(self):
        assert render_prose('# <script>alert("x")</script> & co') == (
            '<h4 class="prose-heading">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
            " &amp; co</h4>"
        )

    def test_emphasis_in_a_heading(self):
        assert render_prose("## Risk för *jäv*") == (
            '<h5 class="prose-heading">Risk för <em>jäv</em></h5>'
        )


class TestNestedLists:
    def test_two_levels_and_back(self):
        assert render_prose("- a\n  - b\n- c") == "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"

    def test_three_levels_and_back_out_step_by_step(self):
        assert render_prose("- a\n  - b\n    - c\n  - d\n- e") == (
            "<ul><li>a<ul><li>b<ul><li>c</li></ul></li><li>d</li></ul></li><li>e</li></ul>"
        )

    def test_back_out_two_levels_at_once(self):
        assert render_prose("- a\n  - b\n    - c\n- d") == (
            "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>"
        )

    def test_the_list_ends_with_every_level_closed(self):
        assert render_prose("- a\n  - b\n    - c") == (
            "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li></ul>"
        )

    def test_a_tab_counts_as_four_spaces(self):
        assert render_prose("- a\n\t- b\n\t\t- c\n    - d") == (
            "<ul><li>a<ul><li>b<ul><li>c</li></ul></li><li>d</li></ul></li></ul>"
        )

    def test_one_space_deeper_does_not_nest(self):
        assert render_prose("- a\n - b") == "<ul><li>a</li><li>b</li></ul>"

    def test_a_lead_sentence_before_a_nested_list(self):
        assert render_prose("Genom:\n- Rutiner\n  - attest") == (
            "<p>Genom:</p>\n<ul><li>Rutiner<ul><li>attest</li></ul></li></ul>"
        )

    def test_nesting_stops_at_six_levels(self):
        text = "\n".join("  " * depth + f"- {depth}" for depth in range(8))
        assert render_prose(text) == (
            "<ul><li>0<ul><li>1<ul><li>2<ul><li>3<ul><li>4<ul><li>5</li><li>6</li><li>7</li>"
            + "</ul></li>" * 5
            + "</ul>"
        )

    def test_markup_in_a_nested_item_stays_text(self):
        assert render_prose("- a\n  - <img src=x onerror=alert(1)>") == (
            "<ul><li>a<ul><li>&lt;img src=x onerror=alert(1)&gt;</li></ul></li></ul>"
        )

    def test_emphasis_in_a_nested_item(self):
        assert render_prose("- a\n  - *viktigt* nu") == (
            "<ul><li>a<ul><li><em>viktigt</em> nu</li></ul></li></ul>"
        )


def test_an_indented_line_without_a_bullet_does_not_open_a_sublist():
    # Such lines have always been items of their own; only a bullet may nest.
    assert render_prose("- Rutiner för\n  attest\n- Utbildning") == (
        "<ul><li>Rutiner för</li><li>attest</li><li>Utbildning</li></ul>"
    )
