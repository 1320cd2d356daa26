// CSV: typed columns, defaults, quoting (delimiters, quotes and line breaks
// inside fields), CRLF, and errors naming file, line and column.
#include "runtime/io/csv.h"

#include <catch2/catch.hpp>
#include <random>

namespace kiln {
namespace {

using tensorflow::DT_DOUBLE;
using tensorflow::DT_FLOAT;
using tensorflow::DT_INT32;
using tensorflow::DT_INT64;
using tensorflow::DT_STRING;

TEST_CASE("typed columns, defaults and quoted fields", "[csv]") {
  const std::string text =
      "age,height,name,id\r\n"
      "31,1.75,\"Smith, J.\",7\r\n"
      ",1.5e0,\"say \"\"hi\"\"\",8\n"
      "40,,\"two\nlines\",9000000000\n"
      "\n";
  CsvOptions o;
  o.columns = {{"age", DT_INT32, "-1"},
               {"height", DT_DOUBLE, "0"},
               {"name", DT_STRING, {}},
               {"id", DT_INT64, {}}};
  StatusOr<CsvTable> t = ParseCsv(text, "people.csv", o);
  INFO(t.status().ToString());
  REQUIRE(t.ok());
  CHECK(t->rows == 3);
  CHECK(t->names == std::vector<std::string>{"age", "height", "name", "id"});
  const Tensor& age = t->numbers.at("age");
  CHECK(age.flat<int32_t>()[0] == 31);
  CHECK(age.flat<int32_t>()[1] == -1);
  CHECK(t->numbers.at("height").flat<double>()[2] == 0);
  CHECK(t->strings.at("name") ==
        std::vector<std::string>{"Smith, J.", "say \"hi\"", "two\nlines"});
  CHECK(t->numbers.at("id").flat<int64_t>()[2] == 9000000000);
}

TEST_CASE("random tables round-trip", "[csv]") {
  std::mt19937 rng(std::random_device{}());
  std::uniform_real_distribution<float> u(-100, 100);
  std::string text = "a,b\n";
  std::vector<float> a;
  std::vector<int64_t> b;
  for (int i = 0; i < 50; ++i) {
    a.push_back(u(rng));
    b.push_back(static_cast<int64_t>(rng()) - (1ll << 31));
    char line[64];
    std::snprintf(line, sizeof(line), "%.9g,%lld\n", a.back(),
                  static_cast<long long>(b.back()));
    text += line;
  }
  CsvOptions o;
  o.columns = {{"a", DT_FLOAT, {}}, {"b", DT_INT64, {}}};
  StatusOr<CsvTable> t = ParseCsv(text, "r.csv", o);
  REQUIRE(t.ok());
  for (int i = 0; i < 50; ++i) {
    CHECK(t->numbers.at("a").flat<float>()[i] == a[i]);
    CHECK(t->numbers.at("b").flat<int64_t>()[i] == b[i]);
  }
  // Without columns: the header's names, all float.
  StatusOr<CsvTable> inferred = ParseCsv("x,y\n1,2\n", "i.csv", {});
  REQUIRE(inferred.ok());
  CHECK(inferred->numbers.at("y").flat<float>()[0] == 2);
}

TEST_CASE("bad CSV names file, line and column", "[csv]") {
  CsvOptions o;
  o.columns = {{"x", DT_FLOAT, {}}, {"n", DT_INT32, {}}};
  CHECK_THAT(
      ParseCsv("x,n\n1,2\n3,abc\n", "f.csv", o).status().message(),
      Catch::Contains("f.csv:3:3: column 'n': cannot read 'abc' as int32"));
  CHECK_THAT(ParseCsv("x,n\n1,2,3\n", "f.csv", o).status().message(),
             Catch::Contains("f.csv:2: 3 fields, expected 2"));
  CHECK_THAT(
      ParseCsv("x,n\n,2\n", "f.csv", o).status().message(),
      Catch::Contains("f.csv:2:1: column 'x': empty field and no default"));
  CHECK_THAT(ParseCsv("x,n\n\"1,2\n", "f.csv", o).status().message(),
             Catch::Contains("f.csv:2:1: quoted field is not closed"));
  CHECK_THAT(ParseCsv("x,n\n1,99999999999\n", "f.csv", o).status().message(),
             Catch::Contains("cannot read '99999999999' as int32"));
  CHECK(ReadCsv("/nonexistent/kiln.csv", o).status().code() ==
        StatusCode::kNotFound);
}

}  // namespace
}  // namespace kiln
