// `spor forms check`: the whole bundled folder passes; a copy with one
// mistake is rejected with a message naming the file and the item.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/cli.hpp"
#include "app/commands.hpp"

namespace fs = std::filesystem;
using namespace spor::app;

namespace {

// A copy of the bundled forms with `from` replaced by `to` in one file.
fs::path brokenCopy(const std::string& name, const std::string& file, const std::string& from, const std::string& to) {
  const fs::path dir = fs::temp_directory_path() / ("spor-cli-" + name);
  fs::remove_all(dir);
  fs::copy(SPOR_TEST_FORMS_DIR, dir, fs::copy_options::recursive);
  const fs::path path = dir / file;
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, from.size(), to);
  std::ofstream(path, std::ios::trunc) << text;
  return dir;
}

struct Run {
  int code;
  std::string out;
  std::string err;
};

Run formsCheck(const std::string& dir) {
  std::ostringstream out, err;
  const int code = runFormsCheck({dir}, out, err);
  return {code, out.str(), err.str()};
}

}  // namespace

TEST_SUITE("app") {

TEST_CASE("spor forms check passes the bundled forms with one line per file") {
  const Run r = formsCheck(SPOR_TEST_FORMS_DIR);
  CHECK(r.code == kExitOk);
  CHECK(r.err.empty());
  CHECK(r.out.find("child      barn v1") != std::string::npos);
  CHECK(r.out.find("8 dimensions, 40 items") != std::string::npos);
  CHECK(r.out.find("project    strom v1") != std::string::npos);
  CHECK(r.out.find("project    brobygger v1                  5 dimensions, bridging, no fidelity form, activity brobygning") !=
        std::string::npos);
  CHECK(r.out.find("activity   brobygning v1                 due 3, 6 months after enrolment") != std::string::npos);
  CHECK(r.out.find("20 files in") != std::string::npos);
}

TEST_CASE("a misspelt scale is rejected naming the file and the item") {
  const fs::path dir = brokenCopy("scale", "child/barn.json", "\"scale\": \"agreement4\"", "\"scale\": \"agrement4\"");
  const Run r = formsCheck(dir.string());
  CHECK(r.code == kExitFailed);
  CHECK(r.out.empty());
  CHECK(r.err.find("child/barn.json: item 'relationel_1': unknown scale 'agrement4' (known: agreement4, fidelity5, "
                   "frequency4)") != std::string::npos);
  CHECK(r.err.find("1 problem in") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a duplicate item id is rejected naming the file and the item") {
  const fs::path dir = brokenCopy("duplicate", "child/barn.json", "\"id\": \"psykisk_2\"", "\"id\": \"psykisk_1\"");
  const Run r = formsCheck(dir.string());
  CHECK(r.code == kExitFailed);
  CHECK(r.err.find("child/barn.json: item 'psykisk_1': duplicate item id 'psykisk_1'") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("wrong calls are usage errors") {
  std::ostringstream out, err;
  CHECK_THROWS_WITH_AS(runFormsCheck({}, out, err), "missing argument", UsageError);
  CHECK_THROWS_WITH_AS(runFormsCheck({"a", "b"}, out, err), "unexpected argument 'b'", UsageError);
  CHECK_THROWS_WITH_AS(runFormsCheck({"--fast", "a"}, out, err), "unknown option --fast", UsageError);
}

TEST_CASE("options are parsed strictly") {
  const ArgSpec spec{{"data-dir", "children"}, {"kiosk"}, 0, 1};
  const Args a({"--data-dir", "/tmp/x", "--children=5", "--kiosk", "file"}, spec);
  CHECK(a.require("data-dir") == "/tmp/x");
  CHECK(a.integer("children", 1, 10) == 5);
  CHECK(a.has("kiosk"));
  CHECK(a.positional() == std::vector<std::string>{"file"});
  CHECK_THROWS_WITH_AS(Args({"--data-dir"}, spec), "option --data-dir needs a value", UsageError);
  CHECK_THROWS_WITH_AS(Args({"--kiosk=yes"}, spec), "option --kiosk takes no value", UsageError);
  const Args b({"--children", "many"}, spec);
  CHECK_THROWS_WITH_AS(static_cast<void>(b.integer("children", 1, 10)),
                       "option --children must be a whole number, not 'many'", UsageError);
  CHECK_THROWS_WITH_AS(static_cast<void>(b.require("data-dir")), "option --data-dir is required", UsageError);
}

}  // TEST_SUITE
