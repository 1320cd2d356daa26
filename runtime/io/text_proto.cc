// Text-format parsing with errors collected into the Status.
#include "runtime/io/text_proto.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

namespace kiln {
namespace {

class FirstError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (!error.empty()) return;
    error = std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " +
            message;
  }
  std::string error;
};

}  // namespace

Status ParseTextProto(const std::string& text, const std::string& source,
                      google::protobuf::Message* message) {
  FirstError errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(text, message)) {
    return DataLoss(source + ":" + errors.error + " (not a text-format " +
                    message->GetTypeName() + ")");
  }
  return OkStatus();
}

}  // namespace kiln
