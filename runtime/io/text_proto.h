// ParseTextProto: a text-format message, with the parser's first error as
// a DataLoss Status naming the file, line and column (nothing on stderr).
#ifndef KILN_RUNTIME_IO_TEXT_PROTO_H_
#define KILN_RUNTIME_IO_TEXT_PROTO_H_

#include <google/protobuf/message.h>

#include <string>

#include "runtime/base/status.h"

namespace kiln {

Status ParseTextProto(const std::string& text, const std::string& source,
                      google::protobuf::Message* message);

}  // namespace kiln

#endif  // KILN_RUNTIME_IO_TEXT_PROTO_H_
