#!/bin/sh
# Retrains the embedded entity tagger (assets/ner_model.bin) from the freely
# licensed NER sets in shared/ner/train (see assets/SOURCES.md). Deterministic.
# Usage: scripts/train_model.sh [TRAIN_DIR]   (default: ../shared/ner/train)
set -eu
cd "$(dirname "$0")/.."
T="${1:-../shared/ner/train}"
cargo run --release --example ner_train -- assets/ner_model.bin \
  "$T/wikigold.txt" "$T/btc.txt" "$T/gum.txt" "$T/crossner.txt" "$T/uner_devtest.txt"
