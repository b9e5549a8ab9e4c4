#!/bin/sh
# Retrains the embedded entity tagger (assets/ner_model.bin) from the freely
# licensed NER sets in shared/ner/train (see assets/SOURCES.md). Deterministic:
# the same files give the same bytes.
#
# Usage: scripts/train_model.sh [--cc-by-only] [TRAIN_DIR]
#   default: all five sets, CC BY and CC BY-SA (WikiGold, Broad Twitter
#   Corpus, GUM, CrossNER, UNER English-EWT): the weights are then under
#   CC BY-SA 4.0, as assets/SOURCES.md says;
#   --cc-by-only: the CC BY 4.0 sets only (about 3 F1 points lower on
#   CoNLL-2003 dev).
# TRAIN_DIR defaults to ../shared/ner/train. 2^17 hash buckets, 8 epochs.
set -eu
cd "$(dirname "$0")/.."
SA=1
if [ "${1:-}" = "--cc-by-only" ]; then SA=0; shift; fi
T="${1:-../shared/ner/train}"
FILES="$T/wikigold.txt $T/btc.txt $T/gum.txt"
if [ "$SA" = 1 ]; then FILES="$FILES $T/crossner.txt $T/uner_devtest.txt"; fi
# shellcheck disable=SC2086
NER_BITS=17 NER_EPOCHS=8 cargo run --release --example ner_train -- assets/ner_model.bin $FILES
