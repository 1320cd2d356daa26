// CSV files (RFC 4180): an optional header, typed columns, defaults for
// empty fields, quoted fields (with "" for a quote, and commas and line
// breaks inside). Errors name the file, line and column:
//   "data.csv:12:3: column 'age': cannot read 'abc' as int32"
//
//   CsvOptions o;
//   o.columns = {{"sepal_length", DT_FLOAT}, {"species", DT_STRING}};
//   KILN_ASSIGN_OR_RETURN(CsvTable t, ReadCsv("iris.csv", o));
//   t.numbers.at("sepal_length");   // float [rows]
#ifndef KILN_RUNTIME_IO_CSV_H_
#define KILN_RUNTIME_IO_CSV_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

struct CsvColumn {
  std::string name;
  DataType dtype = tensorflow::DT_FLOAT;  // float, double, int32, int64, string
  std::optional<std::string> default_value;  // for empty fields
};

struct CsvOptions {
  bool header = true;
  char delimiter = ',';
  // One per field. Empty: the header's names, every column float.
  std::vector<CsvColumn> columns;
};

struct CsvTable {
  int64_t rows = 0;
  std::vector<std::string> names;                           // in file order
  std::map<std::string, Tensor> numbers;                    // [rows]
  std::map<std::string, std::vector<std::string>> strings;  // DT_STRING
};

StatusOr<CsvTable> ReadCsv(const std::string& path, const CsvOptions& options);
// `text` as a CSV file named `name` (for errors).
StatusOr<CsvTable> ParseCsv(std::string_view text, const std::string& name,
                            const CsvOptions& options);

}  // namespace kiln

#endif  // KILN_RUNTIME_IO_CSV_H_
