// A minimal JSON printer for kiln-dump --format=json.
#include "tools/kiln-dump/json_writer.h"

#include <cstdio>
#include <map>

namespace kiln::dump {
namespace {

// Lines longer than this are broken up, one member or item per line.
constexpr size_t kLineWidth = 100;

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not one.
size_t Utf8Length(const std::string& s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = 0;
  unsigned min = 0;
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2, min = 0x80;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3, min = 0x800;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  unsigned code = c & (0x3f >> (n - 1));
  for (size_t k = 1; k < n; ++k) {
    const unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xc0) != 0x80) return 0;
    code = (code << 6) | (cc & 0x3f);
  }
  const bool surrogate = code >= 0xd800 && code <= 0xdfff;
  return (code < min || code > 0x10ffff || surrogate) ? 0 : n;
}

// JSON's two-character escapes, or nullptr.
const char* ShortEscape(unsigned char c) {
  static const auto* const kEscapes = new std::map<unsigned char, const char*>{
      {'"', "\\\""}, {'\\', "\\\\"}, {'\b', "\\b"}, {'\f', "\\f"},
      {'\n', "\\n"}, {'\r', "\\r"},  {'\t', "\\t"}};
  auto it = kEscapes->find(c);
  return it == kEscapes->end() ? nullptr : it->second;
}

void AppendEscaped(unsigned char c, std::string& out) {
  if (const char* escape = ShortEscape(c)) {
    out += escape;
  } else if (c < 0x20 || c == 0x7f) {
    char buffer[8];
    std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
    out += buffer;
  } else {
    out += static_cast<char>(c);
  }
}

}  // namespace

std::string JsonQuote(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      AppendEscaped(c, out);
      ++i;
    } else if (size_t n = Utf8Length(s, i)) {
      out.append(s, i, n);
      i += n;
    } else {
      out += "\\ufffd";
      ++i;
    }
  }
  return out + "\"";
}

Json& Json::Set(std::string key, Json value) {
  members_.emplace_back(std::move(key), std::move(value));
  return *this;
}

Json& Json::Push(Json value) {
  items_.push_back(std::move(value));
  return *this;
}

std::string Json::Compact() const {
  switch (kind_) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return bool_ ? "true" : "false";
    case Kind::kInt:
      return std::to_string(int_);
    case Kind::kString:
      return JsonQuote(string_);
    case Kind::kArray: {
      std::string out = "[";
      for (size_t i = 0; i < items_.size(); ++i) {
        out += (i ? ", " : "") + items_[i].Compact();
      }
      return out + "]";
    }
    case Kind::kObject: {
      std::string out = "{";
      for (size_t i = 0; i < members_.size(); ++i) {
        out += (i ? ", " : "") + JsonQuote(members_[i].first) + ": " +
               members_[i].second.Compact();
      }
      return out + "}";
    }
  }
  return "null";
}

void Json::Pretty(int indent, std::string& out) const {
  std::string compact = Compact();
  const bool container = kind_ == Kind::kArray || kind_ == Kind::kObject;
  if (!container || indent + compact.size() <= kLineWidth ||
      (items_.empty() && members_.empty())) {
    out += compact;
    return;
  }
  const std::string pad(indent + 2, ' ');
  const bool object = kind_ == Kind::kObject;
  out += object ? "{\n" : "[\n";
  const size_t n = object ? members_.size() : items_.size();
  for (size_t i = 0; i < n; ++i) {
    out += pad;
    if (object) {
      out += JsonQuote(members_[i].first) + ": ";
      members_[i].second.Pretty(indent + 2, out);
    } else {
      items_[i].Pretty(indent + 2, out);
    }
    out += i + 1 < n ? ",\n" : "\n";
  }
  out += std::string(indent, ' ') + (object ? "}" : "]");
}

std::string Json::Dump() const {
  std::string out;
  Pretty(0, out);
  return out + "\n";
}

}  // namespace kiln::dump
