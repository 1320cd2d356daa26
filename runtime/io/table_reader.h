// ReadTable: every key and value of a sorted string table
// (runtime/io/table_format.h) held in memory, with each block's CRC
// checked. Errors are DataLoss naming the source and the byte offset:
// a bad footer or magic number, a truncated or corrupted block, keys out of
// order. Snappy-compressed blocks are Unimplemented (TensorFlow writes
// checkpoint indexes uncompressed).
//
//   KILN_ASSIGN_OR_RETURN(std::vector<table::Entry> entries,
//                         table::ReadTable(bytes, "model.ckpt.index"));
#ifndef KILN_RUNTIME_IO_TABLE_READER_H_
#define KILN_RUNTIME_IO_TABLE_READER_H_

#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/status.h"

namespace kiln {
namespace table {

struct Entry {
  std::string key;
  std::string value;
};

// Entries in key order; `source` names the table in errors.
StatusOr<std::vector<Entry>> ReadTable(std::string_view bytes,
                                       const std::string& source);

}  // namespace table
}  // namespace kiln

#endif  // KILN_RUNTIME_IO_TABLE_READER_H_
