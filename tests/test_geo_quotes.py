from geo.quotes import normalise


def test_pinyin_glosses_and_spaces_removed():
    assert normalise("蘭州高新區(qū)將 《國(guó)務(wù)院") == "蘭州高新區將《國務院"


def test_ascii_words_in_brackets_survive_only_when_not_pinyin():
    assert normalise("(R&D)经费") == "(R&D)经费"
    assert normalise("2018 年 工 作") == "2018年工作"
