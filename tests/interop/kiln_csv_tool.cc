// kiln_csv_tool: the Kiln side of interop.csv_like_tf. Parses a CSV file
// with a header and prints each column on one line,
//   name=v0|v1|...
// floats as %.9g, strings with backslash escapes for \, | and newlines.
//
//   kiln_csv_tool FILE name:type[:default],...
// type is float, double, int32, int64 or string.
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/graph/op_spec.h"
#include "runtime/io/csv.h"
#include "tests/interop/tool_util.h"

namespace {

using kiln::interop::Split;

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '|') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: kiln_csv_tool FILE name:type[:default],...\n");
    return 2;
  }
  kiln::CsvOptions options;
  for (const std::string& column : Split(argv[2], ',')) {
    std::vector<std::string> parts = Split(column, ':');
    kiln::CsvColumn c;
    c.name = parts[0];
    kiln::DataTypeFromName(parts.size() > 1 ? parts[1] : "float", &c.dtype);
    if (parts.size() > 2) c.default_value = parts[2];
    options.columns.push_back(c);
  }
  kiln::StatusOr<kiln::CsvTable> table = kiln::ReadCsv(argv[1], options);
  if (!table.ok()) {
    std::fprintf(stderr, "kiln_csv_tool: %s\n",
                 table.status().ToString().c_str());
    return 1;
  }
  for (const std::string& name : table->names) {
    std::printf("%s=", name.c_str());
    for (int64_t r = 0; r < table->rows; ++r) {
      if (r) std::printf("|");
      auto s = table->strings.find(name);
      if (s != table->strings.end()) {
        std::printf("%s", Escape(s->second[r]).c_str());
        continue;
      }
      const kiln::Tensor& t = table->numbers.at(name);
      if (auto* p = t.data<float>()) std::printf("%.9g", p[r]);
      if (auto* p = t.data<double>()) std::printf("%.17g", p[r]);
      if (auto* p = t.data<int32_t>()) std::printf("%d", p[r]);
      if (auto* p = t.data<int64_t>())
        std::printf("%lld", static_cast<long long>(p[r]));
    }
    std::printf("\n");
  }
  return 0;
}
