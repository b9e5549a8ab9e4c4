#!/bin/sh
# Retrains the embedded entity tagger (assets/ner_model.bin) from the freely
# licensed NER sets in shared/ner/train (see assets/SOURCES.md). Deterministic:
# the same files give the same bytes.
#
# Usage: scripts/train_model.sh [--with-share-alike] [TRAIN_DIR]
#   default: the CC BY sets only (WikiGold, Broad Twitter Corpus, GUM);
#   --with-share-alike: add CrossNER and UNER English-EWT (CC BY-SA); the
#   weights then have to be distributed under CC BY-SA 4.0.
# TRAIN_DIR defaults to ../shared/ner/train.
set -eu
cd "$(dirname "$0")/.."
SA=0
if [ "${1:-}" = "--with-share-alike" ]; then SA=1; shift; fi
T="${1:-../shared/ner/train}"
FILES="$T/wikigold.txt $T/btc.txt $T/gum.txt"
if [ "$SA" = 1 ]; then FILES="$FILES $T/crossner.txt $T/uner_devtest.txt"; fi
# shellcheck disable=SC2086
cargo run --release --example ner_train -- assets/ner_model.bin $FILES
