#!/usr/bin/env bash
# Writes the labelled video-diagnosis corpus as PNG files with an index.csv, for looking at the samples the
# accuracy figures in docs/diagnosis-accuracy.md are measured on. Needs the Debian packages ffmpeg and opencv-doc.
# Usage: scripts/diagnosis-corpus.sh [FOLDER]   (default: /tmp/watchkeeper-diagnosis-corpus; emptied first)
set -euo pipefail
cd "$(dirname "$0")/.."

folder=$(realpath -m "${1:-/tmp/watchkeeper-diagnosis-corpus}")
rm -rf "$folder"
WATCHKEEPER_CORPUS_OUT="$folder" dotnet test tests/Watchkeeper.Vision.Tests -nologo \
  --filter "FullyQualifiedName~CorpusExportTests.Export_WritesReadablePicturesAndIndex"
echo "Wrote $(($(wc -l < "$folder/index.csv") - 1)) samples to $folder (index: $folder/index.csv)"
