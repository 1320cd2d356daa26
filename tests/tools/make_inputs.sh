#!/usr/bin/env bash
# Builds the binary inputs of kiln-dump's tests from the checked-in text
# ones, into OUT_DIR: a binary GraphDef, a SavedModel directory with a binary
# saved_model.pb, a truncated GraphDef, garbage bytes and an empty directory.
#
#   make_inputs.sh PROTOC SOURCE_ROOT OUT_DIR
set -eu
protoc=$1
root=$2
out=$3
inputs=$root/tests/tools/inputs

rm -rf "$out"
mkdir -p "$out/saved_classifier" "$out/empty_dir"
encode() {  # encode MESSAGE PROTO < text > binary
  (cd "$root" && "$protoc" --encode="tensorflow.$1" -I . "$2")
}
encode GraphDef proto/tensorflow/graph.proto <"$inputs/mlp.pbtxt" >"$out/mlp.pb"
encode SavedModel proto/tensorflow/saved_model.proto \
  <"$inputs/saved_classifier/saved_model.pbtxt" \
  >"$out/saved_classifier/saved_model.pb"

# Cut inside the first node's bytes: no longer a complete message.
size=$(wc -c <"$out/mlp.pb")
head -c $((size / 2)) "$out/mlp.pb" >"$out/truncated.pb"
# Not a protobuf (an invalid wire type) and not text (NUL bytes).
printf '\377\376\000\001kiln\200\200\377' >"$out/garbage.pb"
