// TextTable: rows of strings printed in aligned columns.
//
//   TextTable table({"op", "count"});
//   table.AlignRight(1);
//   table.AddRow({"MatMul", "2"});
//   out += table.Render("  ");
#ifndef KILN_TOOLS_KILN_DUMP_TEXT_TABLE_H_
#define KILN_TOOLS_KILN_DUMP_TEXT_TABLE_H_

#include <string>
#include <vector>

namespace kiln::dump {

class TextTable {
 public:
  // An empty header prints no header line.
  explicit TextTable(std::vector<std::string> header);

  void AddRow(std::vector<std::string> row);
  void AlignRight(int column);
  // Each line starts with `indent`; columns are two spaces apart and lines
  // carry no trailing spaces.
  std::string Render(const std::string& indent) const;

 private:
  std::string RenderRow(const std::vector<std::string>& row,
                        const std::vector<size_t>& widths,
                        const std::string& indent) const;

  std::vector<std::vector<std::string>> rows_;
  std::vector<bool> right_;
};

// Joins `parts` with `separator`.
std::string Join(const std::vector<std::string>& parts,
                 const std::string& separator);

}  // namespace kiln::dump

#endif  // KILN_TOOLS_KILN_DUMP_TEXT_TABLE_H_
