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
