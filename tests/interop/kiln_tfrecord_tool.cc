// kiln_tfrecord_tool: the Kiln side of interop.tfrecord_examples. Examples
// travel as text lines, one per example:
//   label=3;image=0.5,-1.25,2,0;name=item7;tags=4,5
//
//   kiln_tfrecord_tool write OUT.tfrecord COMPRESSION < lines
//   kiln_tfrecord_tool read IN.tfrecord COMPRESSION > lines
// COMPRESSION is NONE, ZLIB or GZIP. read parses with FixedLenFeature
// image float [4], label int64 [] (default -1), name bytes [], and
// VarLenFeature tags int64, as tf.io.parse_example would.
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/io/example_parsing.h"
#include "runtime/io/tfrecord.h"
#include "tests/interop/tool_util.h"

namespace {

using kiln::Status;

using kiln::interop::Split;

tensorflow::Example FromLine(const std::string& line) {
  tensorflow::Example e;
  for (const std::string& field : Split(line, ';')) {
    const size_t eq = field.find('=');
    const std::string key = field.substr(0, eq), value = field.substr(eq + 1);
    std::vector<std::string> parts = Split(value, ',');
    if (key == "image") {
      std::vector<float> v;
      for (const auto& p : parts) v.push_back(std::stof(p));
      kiln::SetFloats(&e, key, v);
    } else if (key == "name") {
      kiln::SetBytes(&e, key, {value});
    } else if (!parts.empty()) {
      std::vector<int64_t> v;
      for (const auto& p : parts) v.push_back(std::stoll(p));
      kiln::SetInt64s(&e, key, v);
    }
  }
  return e;
}

Status Write(const std::string& path, kiln::Compression c) {
  KILN_ASSIGN_OR_RETURN(auto writer, kiln::TFRecordWriter::Open(path, c));
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    KILN_RETURN_IF_ERROR(writer->Write(FromLine(line).SerializeAsString()));
  }
  return writer->Close();
}

Status Read(const std::string& path, kiln::Compression c) {
  KILN_ASSIGN_OR_RETURN(auto reader, kiln::TFRecordReader::Open(path, c));
  std::vector<std::string> records;
  std::string record;
  Status s;
  while ((s = reader->Next(&record)).ok()) records.push_back(record);
  if (s.code() != kiln::StatusCode::kOutOfRange) return s;
  kiln::ExampleSpec spec;
  spec.fixed = {
      {"image", tensorflow::DT_FLOAT, {4}, {}, {}},
      {"label", tensorflow::DT_INT64, {}, std::vector<double>{-1}, {}},
      {"name", tensorflow::DT_STRING, {}, {}, {}}};
  spec.var_len = {{"tags", tensorflow::DT_INT64}};
  KILN_ASSIGN_OR_RETURN(kiln::ParsedExamples p,
                        kiln::ParseExamples(records, spec));
  const kiln::SparseTensor& tags = p.sparse.at("tags");
  for (size_t i = 0; i < records.size(); ++i) {
    std::printf("label=%lld;image=",
                static_cast<long long>(p.dense.at("label").flat<int64_t>()[i]));
    for (int k = 0; k < 4; ++k) {
      std::printf("%s%.9g", k ? "," : "",
                  p.dense.at("image").flat<float>()[i * 4 + k]);
    }
    std::printf(";name=%s;tags=", p.dense_bytes.at("name")[i].c_str());
    bool first = true;
    for (int64_t v = 0; v < tags.values.NumElements(); ++v) {
      if (tags.indices.flat<int64_t>()[2 * v] != static_cast<int64_t>(i))
        continue;
      std::printf("%s%lld", first ? "" : ",",
                  static_cast<long long>(tags.values.flat<int64_t>()[v]));
      first = false;
    }
    std::printf("\n");
  }
  return kiln::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr,
                 "usage: kiln_tfrecord_tool write|read FILE COMPRESSION\n");
    return 2;
  }
  const std::string mode = argv[1], path = argv[2];
  kiln::StatusOr<kiln::Compression> c = kiln::ParseCompression(argv[3]);
  Status s = !c.ok()           ? c.status()
             : mode == "write" ? Write(path, *c)
                               : Read(path, *c);
  if (!s.ok()) {
    std::fprintf(stderr, "kiln_tfrecord_tool: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
