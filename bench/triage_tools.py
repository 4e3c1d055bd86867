"""What a Korean morphological analyser (kiwipiepy) and OpenCC would buy triage, and cost.

Not part of sagak: run it in a separate virtualenv that has the candidates installed,
with the repository on the path:

    python -m venv /tmp/tools && /tmp/tools/bin/pip install kiwipiepy opencc
    /tmp/tools/bin/python bench/triage_tools.py

OpenCC: every Simplified Chinese report of the evaluation set is converted to Traditional
(mainland, Taiwan and Hong Kong variants); triage then reads it (a) through the hand-made
character table of the first slice, and (b) through OpenCC's t2s conversion (what sagak
does now). The difference in accuracy
is what OpenCC buys. Kiwi: start-up time, analyses per second on the Korean reports, and
how many Korean reports the current rules miss (the most a tagger could fix).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.triage.eval_set import HELD_OUT, HELD_OUT_5, TUNING
from triage import assess


def _rate(fn, items: list[str], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, time.perf_counter() - start)
    return len(items) / best


# The hand-made table sagak used before OpenCC (first slice, triage/normalize.py): only the
# Traditional characters its patterns needed.
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
_HAND_TABLE = str.maketrans({pair[0]: pair[1] for pair in _TRADITIONAL.split()})


def opencc_experiment() -> None:
    import opencc

    from triage import normalize

    to_simplified = opencc.OpenCC("t2s")
    chinese = [(e, t) for lang, e, t in TUNING + HELD_OUT + HELD_OUT_5 if lang == "zh"]
    print(f"\nOpenCC {getattr(opencc, '__version__', '')}: {len(chinese)} Chinese reports")
    for variant in ("s2t", "s2tw", "s2hk"):
        to_traditional = opencc.OpenCC(variant)
        own = converted = 0
        changed = 0
        for expected, text in chinese:
            traditional = to_traditional.convert(text)
            changed += traditional != text
            # sagak now folds with OpenCC itself; disable it to measure the old table.
            original = normalize._to_simplified
            normalize._to_simplified = lambda: lambda s: s  # type: ignore[assignment]
            try:
                own += assess(traditional.translate(_HAND_TABLE)).priority.value == expected
            finally:
                normalize._to_simplified = original
            converted += assess(traditional).priority.value == expected
        print(
            f"  {variant}: {changed} texts differ in Traditional; correct with the hand table "
            f"{own}/{len(chinese)}, with OpenCC t2s {converted}/{len(chinese)}"
        )
    texts = [to_traditional.convert(t) for _, t in chinese]
    print(f"  t2s conversions/s: {_rate(to_simplified.convert, texts):,.0f}")


def kiwi_experiment() -> None:
    from kiwipiepy import Kiwi

    korean = [t for lang, _, t in TUNING + HELD_OUT + HELD_OUT_5 if lang == "ko"]
    start = time.perf_counter()
    kiwi = Kiwi()
    kiwi.tokenize("준비")
    print(f"\nkiwipiepy: model loaded in {time.perf_counter() - start:.2f} s")
    print(f"  tokenize/s on {len(korean)} Korean reports: {_rate(kiwi.tokenize, korean):,.0f}")
    print(f"  triage assess/s on the same reports:       {_rate(assess, korean):,.0f}")
    for sample in ("며칠째안보여요", "죽고싶다고하셨어요", "자살같은건아니고", "배고파죽겠다"):
        tokens = " ".join(f"{t.form}/{t.tag}" for t in kiwi.tokenize(sample))
        print(f"  {sample} -> {tokens}")
    misses = [
        (e, t)
        for lang, e, t in TUNING + HELD_OUT + HELD_OUT_5
        if lang == "ko" and assess(t).priority.value != e
    ]
    print(f"  Korean reports the rules miss: {len(misses)} of {len(korean)}")
    for expected, text in misses:
        print(f"    expected {expected}: {text}")


if __name__ == "__main__":
    opencc_experiment()
    kiwi_experiment()
