// ParseCsv: a record splitter that tracks lines and columns, then typed
// conversion per column.
#include "runtime/io/csv.h"

#include <cerrno>
#include <cstdlib>

#include "runtime/io/file_util.h"

namespace kiln {
namespace {

struct Field {
  std::string text;
  int64_t line, column;  // where it starts, from 1
};

// Splits CSV text into records of fields.
class Splitter {
 public:
  Splitter(std::string_view text, std::string name, char delimiter)
      : text_(text), name_(std::move(name)), delimiter_(delimiter) {}

  // The next record; false at the end of the text.
  StatusOr<bool> Next(std::vector<Field>* record) {
    record->clear();
    if (pos_ >= text_.size()) return false;
    while (true) {
      Field f{"", line_, column_};
      KILN_RETURN_IF_ERROR(ReadField(&f));
      record->push_back(std::move(f));
      if (pos_ >= text_.size()) return true;
      const char c = text_[pos_];
      Advance();
      if (c == '\n') return true;
      if (c == '\r') {
        if (pos_ < text_.size() && text_[pos_] == '\n') Advance();
        return true;
      }
    }
  }

 private:
  void Advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }

  Status ReadField(Field* f) {
    if (pos_ < text_.size() && text_[pos_] == '"') {
      Advance();
      while (true) {
        if (pos_ >= text_.size()) {
          return InvalidArgument(name_ + ":" + std::to_string(f->line) + ":" +
                                 std::to_string(f->column) +
                                 ": quoted field is not closed");
        }
        const char c = text_[pos_];
        Advance();
        if (c != '"') {
          f->text += c;
        } else if (pos_ < text_.size() && text_[pos_] == '"') {
          f->text += '"';
          Advance();
        } else {
          break;
        }
      }
      if (pos_ < text_.size() && text_[pos_] != delimiter_ &&
          text_[pos_] != '\n' && text_[pos_] != '\r') {
        return InvalidArgument(name_ + ":" + std::to_string(line_) + ":" +
                               std::to_string(column_) +
                               ": text after a quoted field");
      }
      return OkStatus();
    }
    while (pos_ < text_.size() && text_[pos_] != delimiter_ &&
           text_[pos_] != '\n' && text_[pos_] != '\r') {
      f->text += text_[pos_];
      Advance();
    }
    return OkStatus();
  }

  std::string_view text_;
  std::string name_;
  char delimiter_;
  size_t pos_ = 0;
  int64_t line_ = 1, column_ = 1;
};

bool IsNumeric(DataType d) {
  return d == tensorflow::DT_FLOAT || d == tensorflow::DT_DOUBLE ||
         d == tensorflow::DT_INT32 || d == tensorflow::DT_INT64;
}

// `text` as a number of `dtype`; false when it is not one.
bool ToNumber(const std::string& text, DataType dtype, double* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  if (dtype == tensorflow::DT_INT32 || dtype == tensorflow::DT_INT64) {
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (dtype == tensorflow::DT_INT32 && (v < INT32_MIN || v > INT32_MAX)) {
      return false;
    }
    *out = static_cast<double>(v);
  } else {
    *out = std::strtod(text.c_str(), &end);
  }
  return errno == 0 && end != nullptr && *end == '\0';
}

void Store(Tensor& t, int64_t i, double v) {
  if (auto* p = t.data<float>()) p[i] = static_cast<float>(v);
  if (auto* p = t.data<double>()) p[i] = v;
  if (auto* p = t.data<int32_t>()) p[i] = static_cast<int32_t>(v);
  if (auto* p = t.data<int64_t>()) p[i] = static_cast<int64_t>(v);
}

std::string Where(const std::string& name, const Field& f,
                  const CsvColumn& column) {
  return name + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) +
         ": column '" + column.name + "': ";
}

}  // namespace

StatusOr<CsvTable> ParseCsv(std::string_view text, const std::string& name,
                            const CsvOptions& options) {
  Splitter split(text, name, options.delimiter);
  std::vector<Field> record;
  std::vector<CsvColumn> columns = options.columns;
  if (options.header) {
    KILN_ASSIGN_OR_RETURN(bool any, split.Next(&record));
    if (!any) return InvalidArgument(name + ": no header line");
    if (columns.empty()) {
      for (const Field& f : record)
        columns.push_back({f.text, tensorflow::DT_FLOAT, {}});
    } else if (record.size() != columns.size()) {
      return InvalidArgument(name + ":1: the header has " +
                             std::to_string(record.size()) + " fields for " +
                             std::to_string(columns.size()) + " columns");
    }
  }
  if (columns.empty()) return InvalidArgument(name + ": no columns given");
  std::vector<std::vector<Field>> rows;
  while (true) {
    KILN_ASSIGN_OR_RETURN(bool any, split.Next(&record));
    if (!any) break;
    if (record.size() == 1 && record[0].text.empty()) continue;  // blank line
    if (record.size() != columns.size()) {
      return InvalidArgument(name + ":" + std::to_string(record[0].line) +
                             ": " + std::to_string(record.size()) +
                             " fields, expected " +
                             std::to_string(columns.size()));
    }
    rows.push_back(record);
  }
  CsvTable table;
  table.rows = static_cast<int64_t>(rows.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    const CsvColumn& col = columns[c];
    table.names.push_back(col.name);
    if (!IsNumeric(col.dtype)) {
      std::vector<std::string>& out = table.strings[col.name];
      for (const auto& row : rows) {
        out.push_back(row[c].text.empty() && col.default_value
                          ? *col.default_value
                          : row[c].text);
      }
      continue;
    }
    KILN_ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create({table.rows}));
    KILN_ASSIGN_OR_RETURN(Tensor t, Tensor::Allocate(col.dtype, shape));
    for (int64_t r = 0; r < table.rows; ++r) {
      const Field& f = rows[r][c];
      std::string value = f.text;
      if (value.empty()) {
        if (!col.default_value) {
          return InvalidArgument(Where(name, f, col) +
                                 "empty field and no default");
        }
        value = *col.default_value;
      }
      double v;
      if (!ToNumber(value, col.dtype, &v)) {
        return InvalidArgument(Where(name, f, col) + "cannot read '" + value +
                               "' as " + DataTypeName(col.dtype));
      }
      Store(t, r, v);
    }
    table.numbers[col.name] = t;
  }
  return table;
}

StatusOr<CsvTable> ReadCsv(const std::string& path, const CsvOptions& options) {
  KILN_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return ParseCsv(text, path, options);
}

}  // namespace kiln
