"""Compare learners for triage's backstop by leave-one-author-out (needs the `train` extra).

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python bench/triage_compare_models.py [--c 1.0 0.3]

For each independent author (the batches in corpus/triage whose author is not the project),
every learner is trained on the other authors' batches and the project's, with the same
features, per-word cap and threshold procedure as the shipped model
(bench/train_triage_model.py), and the whole engine is scored on the held-out author. The
project's own batches are not held out here: the patterns were written against them, so
their score says little about unseen writers. Learners: the shipped binarized naive Bayes,
and scikit-learn's L2 logistic regression on the same binary n-gram features (its
coefficients are log-odds contributions, so they plug into the same inference).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import train_triage_model as training  # type: ignore[import-not-found]

from tests.triage.eval_set import AUTHORS, BATCHES, WRITING_ORDER

Fit = Callable[..., training.NaiveBayes]


def logistic(c: float) -> Fit:
    """A fit function with the naive Bayes one's signature, made of two logistic regressions."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    def fit(examples: Sequence[training.Example], *, rounded: bool = True) -> training.NaiveBayes:
        vocabulary = sorted({gram for item in examples for gram in item.grams})
        index = {gram: i for i, gram in enumerate(vocabulary)}
        rows, cols = [], []
        for row, item in enumerate(examples):
            for gram in item.grams:
                rows.append(row)
                cols.append(index[gram])
        features = csr_matrix(
            ([1.0] * len(rows), (rows, cols)), shape=(len(examples), len(vocabulary))
        )
        heads = []
        for positive in (("critical",), ("critical", "high")):
            labels = [item.label in positive for item in examples]
            learner = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
            learner.fit(features, labels)
            heads.append((learner.coef_[0], float(learner.intercept_[0])))
        weights = {}
        for gram, i in index.items():
            critical, high = float(heads[0][0][i]), float(heads[1][0][i])
            if rounded:
                critical, high = round(critical, 2), round(high, 2)
                if abs(critical) < training.MIN_WEIGHT and abs(high) < training.MIN_WEIGHT:
                    continue
            weights[gram] = (critical, high)
        return training.NaiveBayes(weights, (heads[0][1], heads[1][1]))

    return fit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, nargs="*", default=[1.0], help="LR regularisation")
    args = parser.parse_args()
    examples = {name: [training.example(e) for e in BATCHES[name]] for name in WRITING_ORDER}
    learners: dict[str, Fit] = {"naive Bayes (shipped)": training.fit}
    learners.update({f"logistic regression C={c}": logistic(c) for c in args.c})
    authors = [a for a in dict.fromkeys(AUTHORS[n] for n in training.TRAINED_ON) if a != "project"]
    pooled: dict[str, list[training.Prediction3]] = {name: [] for name in learners}
    for author in authors:
        order = [name for name in training.TRAINED_ON if AUTHORS[name] != author]
        held = [e for name in WRITING_ORDER if AUTHORS[name] == author for e in BATCHES[name]]
        print(f"\n== {author}: {len(held)} reports")
        for learner, fit in learners.items():
            training.fit = fit
            got = training.engine_predictions(held, training.train(order, examples))
            pooled[learner].extend(got)
            print(f"  {learner}: {training.summarise(got)['all']}")
    print("\n== pooled over the independent authors")
    for learner, got in pooled.items():
        print(f"  {learner}")
        for language, line in training.summarise(got).items():
            print(f"    {language:>3} {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
