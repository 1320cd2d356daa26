// .npy round trips of random tensors, large headers, malformed inputs and
// failed writes.
#include "runtime/io/npy.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "runtime/io/file_util.h"
#include "tests/tensor/test_util.h"

namespace kiln {
namespace {

using testing::Shape;

std::string MakeTempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string templ = std::string(base ? base : "/tmp") + "/kiln_npy_XXXXXX";
  REQUIRE(mkdtemp(templ.data()) != nullptr);
  return templ;
}

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  REQUIRE(d != nullptr);
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") names.push_back(n);
  }
  closedir(d);
  return names;
}

// A valid file's bytes: header dict `dict`, then `data`.
std::string NpyBytes(const std::string& dict, const std::string& data) {
  std::string header = dict + "\n";
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  return out + header + data;
}

std::string ParseError(const std::string& bytes) {
  StatusOr<Tensor> t = ParseNpy(bytes, "x.npy");
  REQUIRE_FALSE(t.ok());
  return t.status().message();
}

TEST_CASE("npy round trip of random tensors", "[npy]") {
  const std::string dir = MakeTempDir();
  std::mt19937 rng(5);
  const std::vector<TensorShape> shapes = {
      Shape({}),        Shape({1}), Shape({7}),      Shape({3, 5}),
      Shape({2, 1, 4}), Shape({0}), Shape({4, 0, 2})};
  for (DataType dtype : testing::AllDataTypes()) {
    if (dtype == tensorflow::DT_BFLOAT16) continue;  // no NumPy dtype
    for (const TensorShape& shape : shapes) {
      INFO(DataTypeName(dtype) << " " << shape.ToString());
      Tensor t = testing::RandomTensor(dtype, shape, &rng);
      const std::string path = dir + "/t.npy";
      REQUIRE(WriteNpy(path, t).ok());
      StatusOr<Tensor> back = ReadNpy(path);
      REQUIRE(back.ok());
      CHECK(testing::SameBytes(t, *back));
      CHECK(back->IsAligned());
    }
  }
  // Views (an offset into the buffer) serialize their own elements only.
  StatusOr<Tensor> m =
      Tensor::FromVector<int32_t>({1, 2, 3, 4, 5, 6}, Shape({3, 2}));
  REQUIRE(m.ok());
  StatusOr<Tensor> row = m->Slice(1, 2);
  REQUIRE(row.ok());
  StatusOr<std::string> bytes = SerializeNpy(*row);
  REQUIRE(bytes.ok());
  StatusOr<Tensor> back = ParseNpy(*bytes, "row");
  REQUIRE(back.ok());
  CHECK(back->flat<int32_t>()[0] == 3);
  CHECK(back->shape() == Shape({1, 2}));
  CHECK(ListDir(dir) == std::vector<std::string>{"t.npy"});  // no temp files
}

TEST_CASE("npy uses a 2.0 header when 1.0 cannot hold it", "[npy]") {
  StatusOr<Tensor> t = Tensor::Zeros(tensorflow::DT_UINT8,
                                     Shape(std::vector<int64_t>(30000, 1)));
  REQUIRE(t.ok());
  StatusOr<std::string> bytes = SerializeNpy(*t);
  REQUIRE(bytes.ok());
  CHECK((*bytes)[6] == 2);
  CHECK((bytes->size() - 1) % 64 == 0);  // 64-aligned header, 1 data byte
  StatusOr<Tensor> back = ParseNpy(*bytes, "big");
  REQUIRE(back.ok());
  CHECK(back->shape() == t->shape());
}

TEST_CASE("bfloat16 cannot be written as .npy", "[npy]") {
  StatusOr<Tensor> t = Tensor::Zeros(tensorflow::DT_BFLOAT16, Shape({2}));
  REQUIRE(t.ok());
  Status s = WriteNpy("/nonexistent/b.npy", *t);
  CHECK(s.code() == StatusCode::kUnimplemented);
  CHECK(s.message() ==
        "/nonexistent/b.npy: SerializeNpy: dtype bfloat16 has no NumPy "
        "equivalent; cast it to float first");
}

TEST_CASE("malformed .npy inputs give clear errors", "[npy]") {
  const std::string ok_dict =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  REQUIRE(ParseNpy(NpyBytes(ok_dict, std::string(8, '\0')), "x").ok());

  CHECK(ParseError("PK\x03\x04 not npy") ==
        "x.npy: offset 0: not a .npy file (bad magic)");
  CHECK(ParseError(std::string("\x93NUMPY\x01\x00\x05", 9)) ==
        "x.npy: offset 8: truncated header length");
  CHECK(ParseError(NpyBytes(ok_dict, "").substr(0, 30)) ==
        "x.npy: offset 10: truncated header: expected 58 bytes, got 20");
  CHECK(ParseError(std::string("\x93NUMPY\x04\x00\x00\x00", 10)) ==
        "x.npy: offset 6: unsupported .npy format version 4.0");
  CHECK(ParseError(NpyBytes(ok_dict, std::string(5, '\0'))) ==
        "x.npy: offset 68: truncated data: expected 8 bytes, got 5");
  CHECK(ParseError(NpyBytes(ok_dict, std::string(9, '\0'))) ==
        "x.npy: offset 76: 1 unexpected bytes after the data");
  CHECK(ParseError(NpyBytes("[1, 2]", "")) ==
        "x.npy: offset 10: header is not a dict");
  CHECK(ParseError(NpyBytes(
            "{'descr': '<c8', 'fortran_order': False, 'shape': (1,)}", "")) ==
        "x.npy: offset 20: unsupported descr '<c8' (supported: f2 f4 f8 i1 "
        "i2 i4 i8 u1 u2 u4 u8 b1)");
  CHECK(ParseError(NpyBytes(
            "{'descr': 'f4', 'fortran_order': False, 'shape': (1,)}", "")) ==
        "x.npy: offset 20: malformed descr 'f4'");
  CHECK(ParseError(NpyBytes(
            "{'descr': '|f4', 'fortran_order': False, 'shape': (1,)}", "")) ==
        "x.npy: offset 20: descr '|f4' has no byte order for a multi-byte "
        "type");
  CHECK(ParseError(NpyBytes(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3)}",
            "")) == "x.npy: offset 60: shape [2,-3]: dim 1 is negative (-3)");
  CHECK(ParseError(NpyBytes("{'descr': '<f4', 'shape': (1,)}", "")) ==
        "x.npy: offset 10: header has no 'fortran_order'");
  CHECK(ParseError(NpyBytes(
            "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", "")) ==
        "x.npy: offset 44: unsupported value for 'fortran_order'");
  CHECK(ParseError(
            NpyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), "
                     "'extra': 'x'}",
                     "")) == "x.npy: offset 75: unexpected header key 'extra'");
  CHECK(ParseError(NpyBytes("{'descr': '<f4' 'shape': (1,)}", "")) ==
        "x.npy: offset 26: expected ',' or '}' in the header dict");
  StatusOr<Tensor> structured =
      ParseNpy(NpyBytes("{'descr': [('a', '<f4')], 'fortran_order': False, "
                        "'shape': (1,)}",
                        ""),
               "x.npy");
  CHECK(structured.status().code() == StatusCode::kUnimplemented);
}

TEST_CASE("ReadNpy names a missing file", "[npy]") {
  StatusOr<Tensor> t = ReadNpy("/nonexistent/dir/x.npy");
  REQUIRE_FALSE(t.ok());
  CHECK(t.status().code() == StatusCode::kNotFound);
  CHECK(t.status().message().find("/nonexistent/dir/x.npy") == 0);
}

TEST_CASE("A failed write leaves no file behind", "[npy]") {
  StatusOr<Tensor> t = Tensor::FromVector<float>({1, 2, 3});
  REQUIRE(t.ok());
  const std::string dir = MakeTempDir();
  // Missing directory: the temporary file cannot even be created.
  Status s = WriteNpy(dir + "/missing/x.npy", *t);
  CHECK_FALSE(s.ok());
  CHECK(s.message().find(dir + "/missing/x.npy") == 0);
  // The target is a non-empty directory: writing succeeds, rename fails, and
  // the temporary file must be removed.
  const std::string target = dir + "/sub";
  REQUIRE(mkdir(target.c_str(), 0755) == 0);
  REQUIRE(WriteNpy(target + "/keep.npy", *t).ok());
  s = WriteNpy(target, *t);
  CHECK_FALSE(s.ok());
  CHECK(s.message().find("rename failed") != std::string::npos);
  CHECK(ListDir(dir) == std::vector<std::string>{"sub"});
}

}  // namespace
}  // namespace kiln
