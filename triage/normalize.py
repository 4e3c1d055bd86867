"""Text normalisation shared by every language table.

Korean residents type without spaces and Chinese reports arrive in Traditional characters,
so matching runs on two views of one normalised text: ``text`` (spaces kept, for English)
and ``compact`` (all whitespace removed, for Korean and Chinese). Both stay aligned with
the original so a reason can quote the resident's own words.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property

# Only the Traditional characters our patterns (and common report words) need; a full
# OpenCC table would be a dependency for little gain. One character maps to one character
# so offsets into the original text stay valid.
_TRADITIONAL = (
    "殺杀 飯饭 電电 斷断 個个 兒儿 見见 錢钱 藥药 輕轻 媽妈 獨独 歲岁 氣气 務务 債债 醫医 "
    "鄰邻 凍冻 餓饿 門门 聞闻 過过 還还 沒没 從从 開开 關关 讓让 說说 這这 們们 來来 體体 "
    "傷伤 燒烧 農农 撫抚 尋寻 義义 結结 樓楼 遺遗 書书 盡尽 厭厌 攢攒 敵敌 著着 繩绳 屍尸 "
    "會会 幾几 週周 兩两 動动 靜静 聯联 繫系 惡恶 異异 發发 難难 報报 紙纸 遞递 郵邮 傳传 "
    "單单 積积 滿满 應应 無无 話话 暈晕 識识 毆殴 罵骂 腳脚 脅胁 給给 顧顾 丟丢 棄弃 嬰婴 "
    "寶宝 飽饱 糧粮 買买 麵面 壞坏 熱热 裡里 裏里 別别 趕赶 強强 驅驱 東东 歸归 頭头 馬马 "
    "橋桥 業业 費费 負负 貸贷 討讨 網网 萬万 崗岗 辭辞 員员 敗败 閉闭 產产 親亲 爺爷 癡痴 "
    "癱瘫 瘓痪 臥卧 鬱郁 殘残 輪轮 聾聋 視视 聽听 礙碍 撿捡 災灾 煙烟 離离 經经 現现 決决 "
    "擾扰 裝装 聲声 職职 賺赚 賭赌 點点 擊击 鏈链 優优 廣广 嗎吗 麼么 對对 為为 時时 間间 "
    "長长 與与 樣样 實实 帶带 頓顿 飢饥 饑饥 鎖锁 幫帮 處处 窮穷 貧贫 補补 貼贴 護护 戶户 "
    "環环 覺觉 齡龄 孫孙 學学 歡欢 問问 謝谢 請请 麗丽 僅仅 邊边 後后 衛卫 號号 醜丑 樂乐 "
    "於于 隻只 弔吊 嚇吓 噴喷 場场 尷尴 並并 驚惊 懶懒 擔担 掛挂 燈灯 煩烦 愛爱 羨羡 虛虚 "
    "談谈 蹤踪 悶闷 饞馋 興兴 "
    "\u2019' \u2018' \u201c\" \u201d\""
)
TRADITIONAL_TO_SIMPLIFIED = str.maketrans({pair[0]: pair[1] for pair in _TRADITIONAL.split()})

# Full-width ASCII (common from Chinese and Korean IMEs) folded by hand: NFKC would do it but
# also turns the "ㅋㅋ"/"ㅎㅎ" jamo residents laugh with into conjoining jamo.
_FULL_WIDTH = str.maketrans({chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
_FULL_WIDTH[0x3000] = " "  # ideographic space


@dataclass(frozen=True)
class NormalizedText:
    """A report prepared for matching, with a way back to the resident's own words."""

    original: str
    display: str  # lowercased and simplified, before idioms are masked
    text: str  # what English patterns see
    compact: str  # what Korean and Chinese patterns see: ``text`` without whitespace
    aligned: bool  # True when ``display`` has the same indices as ``original``

    @cached_property
    def offsets(self) -> list[int]:
        """Index in ``text`` of each ``compact`` character; built only when a match is quoted."""
        return [i for i, ch in enumerate(self.display) if not ch.isspace()]

    def span(self, start: int, end: int, *, compact: bool) -> tuple[int, int]:
        """Translate a match span to indices in ``text`` (the spaced view)."""
        if compact:
            return self.offsets[start], self.offsets[end - 1] + 1
        return start, end

    def quote(self, start: int, end: int) -> str:
        """Return the words at a ``text`` span, from the original when indices allow."""
        source = self.original if self.aligned else self.display
        return " ".join(source[start:end].split())


def fold(text: str) -> str:
    """Compose (NFC), lowercase, fold full-width ASCII and Traditional characters."""
    composed = unicodedata.normalize("NFC", text).translate(_FULL_WIDTH)
    return composed.lower().translate(TRADITIONAL_TO_SIMPLIFIED)


def normalize(original: str) -> NormalizedText:
    """Prepare ``original`` for matching; idiom masking happens later, per language."""
    display = fold(original)
    return NormalizedText(
        original=original,
        display=display,
        text=display,
        compact="".join(display.split()),
        aligned=len(display) == len(original),
    )
