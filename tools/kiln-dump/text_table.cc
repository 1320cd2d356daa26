// Column alignment for kiln-dump's text output.
#include "tools/kiln-dump/text_table.h"

#include <algorithm>

namespace kiln::dump {

TextTable::TextTable(std::vector<std::string> header) {
  if (!header.empty()) rows_.push_back(std::move(header));
}

void TextTable::AddRow(std::vector<std::string> row) {
  rows_.push_back(std::move(row));
}

void TextTable::AlignRight(int column) {
  if (right_.size() <= static_cast<size_t>(column)) right_.resize(column + 1);
  right_[column] = true;
}

std::string TextTable::Render(const std::string& indent) const {
  std::vector<size_t> widths;
  for (const auto& row : rows_) {
    if (widths.size() < row.size()) widths.resize(row.size());
    for (size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], row[c].size());
    }
  }
  std::string out;
  for (const auto& row : rows_) out += RenderRow(row, widths, indent);
  return out;
}

std::string TextTable::RenderRow(const std::vector<std::string>& row,
                                 const std::vector<size_t>& widths,
                                 const std::string& indent) const {
  std::string line = indent;
  for (size_t c = 0; c < row.size(); ++c) {
    const std::string pad(widths[c] - row[c].size(), ' ');
    const bool right = c < right_.size() && right_[c];
    if (c > 0) line += "  ";
    line += right ? pad + row[c] : row[c] + pad;
  }
  line.erase(line.find_last_not_of(' ') + 1);
  return line + "\n";
}

std::string Join(const std::vector<std::string>& parts,
                 const std::string& separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

}  // namespace kiln::dump
