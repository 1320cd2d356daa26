// Hex helpers shared by the proto wire tests: bytes <-> "0A 01 61".
#ifndef KILN_TESTS_PROTO_HEX_UTIL_H_
#define KILN_TESTS_PROTO_HEX_UTIL_H_

#include <google/protobuf/message_lite.h>

#include <cstdio>
#include <sstream>
#include <string>

namespace kiln::testing {

// "0A 01 61" for the bytes {0x0a, 0x01, 0x61}: readable in a failed REQUIRE.
inline std::string Hex(const std::string& bytes) {
  std::string out;
  char buf[4];
  for (unsigned char c : bytes) {
    std::snprintf(buf, sizeof(buf), "%02X ", c);
    out += buf;
  }
  if (!out.empty()) out.pop_back();
  return out;
}

// Inverse of Hex(): whitespace-separated hex byte pairs.
inline std::string FromHex(const std::string& hex) {
  std::istringstream in(hex);
  std::string out, pair;
  while (in >> pair)
    out.push_back(static_cast<char>(std::stoi(pair, nullptr, 16)));
  return out;
}

// The message's wire bytes as Hex().
inline std::string Wire(const google::protobuf::MessageLite& message) {
  return Hex(message.SerializeAsString());
}

}  // namespace kiln::testing

#endif  // KILN_TESTS_PROTO_HEX_UTIL_H_
