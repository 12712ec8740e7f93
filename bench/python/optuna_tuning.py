"""optuna's samplers on the bench's mixed space, ask/tell over stdin/stdout: the Java side trains each proposed
configuration with the same loss Zeroth's methods see (TuningBench), so both are compared on one function.

Protocol, one JSON object a line. Java writes {"sampler": "tpe"|"random", "seed": s, "budget": n}; then n times this
script writes {"lr": …, "wd": …, "hidden": …, "rule": …} and reads {"loss": v}. The space mirrors TuningBench.SPACE:
lr 1e-4…1 log, wd 1e-6…1e-1 log, hidden 4…128 log (integer), rule in {sgd, adam}.
"""
import json
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def main():
    setup = json.loads(sys.stdin.readline())
    seed = int(setup["seed"])
    sampler = (optuna.samplers.TPESampler(seed=seed) if setup["sampler"] == "tpe"
               else optuna.samplers.RandomSampler(seed=seed))
    study = optuna.create_study(direction="minimize", sampler=sampler)
    for _ in range(int(setup["budget"])):
        trial = study.ask()
        proposal = {"lr": trial.suggest_float("lr", 1e-4, 1, log=True),
                    "wd": trial.suggest_float("wd", 1e-6, 1e-1, log=True),
                    "hidden": trial.suggest_int("hidden", 4, 128, log=True),
                    "rule": trial.suggest_categorical("rule", ["sgd", "adam"])}
        print(json.dumps(proposal), flush=True)
        study.tell(trial, float(json.loads(sys.stdin.readline())["loss"]))


if __name__ == "__main__":
    main()
