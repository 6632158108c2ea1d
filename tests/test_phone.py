"""What the library writes so that the book reads on a phone: Chinese marked as Chinese,
tables that can become cards, charts drawn twice with their text size stated, a short catalogue."""

from __future__ import annotations

import base64
import html
import io
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure
from PIL import Image

from techstate import bar_chart, load_table, show_table
from techstate.catalogue import index_html, row_meaning, table_card
from techstate.charts import NARROW, NARROW_MEDIA, render, smallest_text_px
from techstate.lang import HAN, language_of, tag_chinese
from techstate.pages import glossary_html, timeline_html
from techstate.page_protocol import STATIC_ENV
from techstate.tables import CARDS_ABOVE

SPAN = re.compile(r'<span lang="([^"]+)">([^<]*)</span>')


def outside_spans(text: str) -> str:
    return SPAN.sub("", text)


def test_chinese_runs_are_wrapped_in_their_language() -> None:
    assert tag_chinese("Alibaba (阿里巴巴, Ālǐbābā)") == 'Alibaba (<span lang="zh-Hans">阿里巴巴</span>, Ālǐbābā)'
    assert tag_chinese("Caixin 财新 (2017); Finet 財華社") == (
        'Caixin <span lang="zh-Hans">财新</span> (2017); Finet <span lang="zh-Hant">財華社</span>')
    assert tag_chinese("《人民日报》，2018") == '<span lang="zh-Hans">《人民日报》，</span>2018'
    assert tag_chinese("no Chinese here &amp; none added") == "no Chinese here &amp; none added"


def test_the_script_is_read_from_the_characters() -> None:
    assert language_of("中国联合网络通信") == "zh-Hans"
    assert language_of("文匯網") == "zh-Hant"
    assert language_of("SenseTimeー研究室から一躍有名となった") == "ja"
    assert language_of("阿里巴巴") == "zh-Hans"   # the same in both scripts: the default
    assert language_of("阿里巴巴", default="zh-Hant") == "zh-Hant"
    # A run with no telling character takes the verdict of the whole text.
    assert tag_chinese("二零二二年業績") == '<span lang="zh-Hant">二零二二年業績</span>'
    assert tag_chinese("微博 網民") == '<span lang="zh-Hant">微博</span> <span lang="zh-Hant">網民</span>'


@given(st.text(alphabet=st.sampled_from(list("abc <>&;'\"123阿里巴巴腾讯網華·，。《》ア")), max_size=40))
def test_no_chinese_character_is_left_outside_a_span(text: str) -> None:
    escaped = html.escape(text)
    tagged = tag_chinese(escaped)
    assert not HAN.search(outside_spans(tagged))
    assert SPAN.sub(lambda m: m.group(2), tagged) == escaped   # only spans are added


def test_tables_label_their_cells_and_head_their_rows() -> None:
    table = pd.DataFrame({"investor": ["China Life 中国人寿"], "ownership": ["state"], "stake_pct": [10.22],
                          "amount_rmb_bn": [float("nan")], "note": ["for editors"]})
    shown = show_table(table, "Investors").html
    assert '<th scope="col">Investor</th>' in shown  # the schema's title, not the column's name
    assert '<th scope="row" data-label="Investor">China Life <span lang="zh-Hans">中国人寿</span></th>' in shown
    assert '<td class="techstate-number" data-label="Stake (%)">10.22</td>' in shown
    assert '<td class="techstate-number" data-label="Amount invested (RMB billion)"></td>' in shown
    assert "for editors" not in shown  # a table shown whole leaves out the editors' notes
    assert "techstate-cards" in shown and len(table.columns) - 1 > CARDS_ABOVE
    narrow = show_table(table[["investor", "stake_pct"]]).html
    assert "techstate-cards" not in narrow and "dataframe" in narrow


def test_charts_are_drawn_for_a_laptop_and_for_a_phone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STATIC_ENV, "1")   # as the book's build draws them
    chart = bar_chart(["State Structural Adjustment Fund", "Tencent"], [6.11, 5.18],
                      title="A title long enough to need two lines on a phone, and more",
                      ylabel="Stake (%)", horizontal=True, source="Caixin 财新 (2017).", alt="Bars.")
    assert chart.html.count("data:image/png;base64,") == 2
    assert f'<source media="{NARROW_MEDIA}"' in chart.html and ' 2x"' in chart.html
    assert '<span lang="zh-Hans">财新</span>' in chart.html and 'alt="Bars."' in chart.html
    sizes = [float(px) for px in re.findall(r'data-text-px="([\d.]+)"', chart.html)]
    assert len(sizes) == 2 and min(sizes) >= 15   # CSS px at the drawings' natural sizes
    phone = base64.b64decode(re.search(r'srcset="data:image/png;base64,([^ "]+)', chart.html).group(1))
    width, _height = Image.open(io.BytesIO(phone)).size
    assert width == NARROW.width_in * NARROW.dpi == 680
    assert f'width="{width // NARROW.density}"' in chart.html


def test_a_kernel_outside_the_build_draws_only_the_chart_it_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(STATIC_ENV, raising=False)
    chart = bar_chart(["Tencent", "Alibaba"], [5.18, 2.04], title="Stakes", ylabel="Stake (%)",
                      source="s", alt="Bars.")
    assert chart.html.count("data:image/png;base64,") == 1 and "<source" not in chart.html
    assert 'alt="Bars."' in chart.html and chart.html.count("data-text-px") == 1


def test_the_stated_text_size_is_the_smallest_text_drawn() -> None:
    figure = Figure(figsize=(4, 3), dpi=100)
    axes = figure.subplots()
    axes.set_title("big", fontsize=20)
    axes.text(0.5, 0.5, "tiny", fontsize=6)
    assert smallest_text_px(figure) == 6 * 100 / 72
    with pytest.raises(ValueError, match="'tiny' is shown at 8.3 CSS px"):   # refused, not shown
        render(figure, alt="A tiny note.", source="s")
    figure.axes[0].texts[0].set_fontsize(9)
    shown = render(figure, alt="A small note.", source="s").html
    assert 'data-text-px="12.5"' in shown   # the laptop drawing states its 9 pt text


def test_reference_pages_mark_chinese_and_label_glossary_cells() -> None:
    glossary = glossary_html(load_table("glossary"))
    assert not HAN.search(outside_spans(glossary))
    assert 'data-label="Chinese"><span lang="zh-Hans">' in glossary and "techstate-cards" in glossary
    assert not HAN.search(outside_spans(timeline_html(load_table("events"))))


def test_the_catalogue_opens_with_an_index_and_folds_each_table() -> None:
    index = index_html()
    for name in ["unicom_investors", "glossary", "sources"]:
        assert f'href="#table-{name}"' in index and f'download>{name}.csv</a>' in index
    card = table_card("unicom_investors")
    assert card.count("<details>") == 3 and "Preview (first 3 rows)" in card
    assert "Preview (first row)" in table_card("unicom_board")
    assert not HAN.search(outside_spans(index + table_card("sources") + table_card("glossary")))


def test_what_a_row_is_comes_from_the_description() -> None:
    assert row_meaning({"description": "One row per company and fiscal year: revenue."}) == \
        "One row per company and fiscal year"
    assert row_meaning({"description": "Stakes. Each row is one reported figure: more."}) == \
        "Each row is one reported figure"
    assert row_meaning({"description": "Every public source the tables cite: who."}) == \
        "Every public source the tables cite"
    long = row_meaning({"description": "One row per " + "very " * 40 + "long thing."})
    assert long.endswith(" …") and len(long) <= 115


def test_marking_chinese_takes_linear_time() -> None:
    """Marks and kana with no Han character once made the run pattern backtrack."""
    import time

    start = time.perf_counter()
    text = "、" * 500_000 + "カ" * 500_000 + "a"
    assert tag_chinese(text) == text
    assert time.perf_counter() - start < 0.2
    assert tag_chinese("、、阿里、") == '<span lang="zh-Hans">、、阿里、</span>'
