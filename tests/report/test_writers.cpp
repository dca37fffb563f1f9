// The HTML, JSON and CSV reports.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <unistd.h>

#include "fixture.hpp"
#include "report/format.hpp"
#include "report/writers.hpp"
#include "tests/support/files.hpp"

using namespace spor;
using namespace spor::report;
using spor::test::realForms;
using spor::test::reportInput;

namespace {

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}

std::filesystem::path tempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("spor-report-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_SUITE("report") {

TEST_CASE("Danish number formatting") {
  CHECK(formatNumber(3.14159, 2) == "3,14");
  CHECK(formatNumber(-0.001, 2) == "0,00");
  CHECK(formatNumber(-0.25, 2) == "-0,25");
  CHECK(formatNumber(2.5, 1, '.') == "2.5");
  CHECK(formatPercent(51.49) == "51,5 %");
  CHECK(formatP(0.0004) == "<0,001");
  CHECK(formatP(0.03412) == "0,034");
  CHECK(formatP(std::nullopt) == "–");
  CHECK(htmlEscape("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  CHECK(csvField("a;b", ';') == "\"a;b\"");
  CHECK(csvField("say \"hi\"", ',') == "\"say \"\"hi\"\"\"");
  CHECK(joinDanish({"a", "b", "c"}, "og") == "a, b og c");
  CHECK(danishDate("2025-03-01") == "1. marts 2025");
}

TEST_CASE("the HTML report is self-contained with a chart per measured dimension and no names") {
  const Report r = buildReport(realForms(), reportInput(), {});
  const std::string html = renderHtml(r);

  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<html lang=\"da\">") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);

  SUBCASE("one article with two inline SVG charts for every measured dimension") {
    REQUIRE(r.overall.dimensions.size() == 7);
    for (const auto& d : r.overall.dimensions) {
      const std::string open = "<article class=\"dimension\" data-dimension=\"" + d.id + "\">";
      const auto start = html.find(open);
      REQUIRE_MESSAGE(start != std::string::npos, d.id);
      const auto end = html.find("</article>", start);
      const std::string article = html.substr(start, end - start);
      CHECK_MESSAGE(occurrences(article, "<svg ") == 2, d.id);
      CHECK(article.find("chart-means") != std::string::npos);
      CHECK(article.find("chart-change") != std::string::npos);
    }
    CHECK(html.find("data-dimension=\"trivsel_i_skolen\"") == std::string::npos);
  }
  SUBCASE("the evaluation's notes: n per pair and the stars legend, with decimal commas") {
    CHECK(html.find("Note: n for før- og eftermåling: 6, n for efter- og opfølgende måling: 2, n for før- og "
                    "opfølgende måling: 2.") != std::string::npos);
    CHECK(html.find("P&lt;0,05=*; P&lt;0,01=**; p&lt;0,001=***") != std::string::npos);
    CHECK(html.find("<td>2,60</td><td>2,83</td><td>+0,23</td><td>0,272</td>") != std::string::npos);
    CHECK(html.find("66,7 %") != std::string::npos);
  }
  SUBCASE("no external resources and no scripts") {
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("url(") == std::string::npos);
    // The only address is the SVG namespace, which is a name, not a download.
    std::string rest = html;
    for (std::size_t p; (p = rest.find("xmlns=\"http://www.w3.org/2000/svg\"")) != std::string::npos;)
      rest.erase(p, 34);
    CHECK(rest.find("http") == std::string::npos);
  }
  SUBCASE("no nickname or free text reaches the report") {
    CHECK(html.find(spor::test::kNameInFreeText) == std::string::npos);
    CHECK(renderJson(r).find(spor::test::kNameInFreeText) == std::string::npos);
    CHECK(renderCsv(r).find(spor::test::kNameInFreeText) == std::string::npos);
  }
  SUBCASE("warnings, caveats, rule and scales are stated") {
    CHECK(html.find("data-warning=\"high_dropout\"") != std::string::npos);
    CHECK(html.find("fortolkes varsomt") != std::string::npos);
    CHECK(html.find("ingen kontrolgruppe") != std::string::npos);
    CHECK(html.find("Status quo kan være et godt resultat") != std::string::npos);
    CHECK(html.find("1 = Aldrig; 2 = Sjældent; 3 = Tit; 4 = Altid") != std::string::npos);
    CHECK(html.find("Ingen af projekterne her måler trivsel i skolen; dimensionen er udeladt, ikke sat til 0.") !=
          std::string::npos);
    CHECK(html.find("Efter indsatstype") != std::string::npos);
    CHECK(html.find("Fidelitet") != std::string::npos);
  }
}

TEST_CASE("every text from the data is escaped in HTML") {
  ReportInput in = reportInput();
  in.children[0].code = "<b>K&\"1'";
  const Report r = buildReport(realForms(), in, {"", std::nullopt, "<b>K&\"1'"});
  const std::string html = renderHtml(r);
  CHECK(html.find("&lt;b&gt;K&amp;&quot;1&#39;") != std::string::npos);
  CHECK(html.find("<b>K") == std::string::npos);
  CHECK(html.find("data-kind=\"timeline\"") != std::string::npos);
  CHECK(occurrences(html, "chart-timeline") == r.timeline->dimensions.size());
}

TEST_CASE("the JSON report holds every number unrounded and null when undefined") {
  const Report r = buildReport(realForms(), reportInput(), {});
  const std::string json = renderJson(r);
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  CHECK(std::string(doc["format"].GetString()) == "spor-report/1");
  const auto& dims = doc["overall"]["dimensions"];
  REQUIRE(dims.Size() == 7);
  const auto& psy = dims[0];
  CHECK(std::string(psy["id"].GetString()) == "psykisk_trivsel");
  const auto& pair = psy["pairs"][0];
  CHECK(pair["n"].GetUint() == 6);
  CHECK(pair["p"].GetDouble() == doctest::Approx(0.272179103166).epsilon(1e-9));
  CHECK(pair["t"].GetDouble() == doctest::Approx(1.233587909488));
  CHECK(pair["improved_percent"].GetDouble() == doctest::Approx(66.666666667));
  CHECK(psy["means"][1]["mean"].GetDouble() == doctest::Approx(2.833333333333));
  // relationel trivsel: one child, so no t and no p.
  CHECK(dims[1]["pairs"][0]["p"].IsNull());
  CHECK(doc["overall"]["counts"]["opfoelgning_dropout_percent"].GetDouble() == doctest::Approx(400.0 / 7.0));
  CHECK(doc["by_intervention"].Size() == 3);
  CHECK(doc["fidelity"][0]["project_mean"].GetDouble() == doctest::Approx(4.25));
  CHECK(std::string(doc["method"]["stars_legend"].GetString()) == "P<0,05=*; P<0,01=**; p<0,001=***");
}

TEST_CASE("the CSV report uses Danish spreadsheet style by default") {
  const Report r = buildReport(realForms(), reportInput(), {});
  const std::string csv = renderCsv(r);
  CHECK(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(csv.find("overall;all;Alle projekter;psykisk_trivsel;Psykisk trivsel;positiv;foer_efter;6;2,6000;2,8333;0,2333;")
        != std::string::npos);
  CHECK(csv.find("# Målgruppen") != std::string::npos);
  const std::string plain = renderCsv(r, {false});
  CHECK(plain.rfind("\"# Udvikling pr. dimension: Alle projekter (P<0,05=*; ", 0) == 0);  // quoted: it holds commas
  CHECK(plain.find("overall,all,Alle projekter,psykisk_trivsel,Psykisk trivsel,positiv,foer_efter,6,2.6000,") !=
        std::string::npos);
}

TEST_CASE("report files are written whole or the message names the path") {
  const Report r = buildReport(realForms(), reportInput(), {"empowr", std::nullopt, ""});
  const auto dir = tempDir("files");
  for (auto f : {ReportFormat::Html, ReportFormat::Json, ReportFormat::Csv}) {
    const auto path = dir / (std::string("report.") + reportFormatId(f));
    writeReportFile(r, f, path.string());
    CHECK(std::filesystem::file_size(path) > 1000);
    CHECK_FALSE(std::filesystem::exists(path.string() + ".tmp"));
  }
  CHECK(spor::support::readAll(dir / "report.html") == renderHtml(r));
  const std::string missing = (dir / "no" / "such" / "report.html").string();
  CHECK_THROWS_WITH_AS(writeReportFile(r, ReportFormat::Html, missing),
                       ("cannot write '" + missing + "': the folder does not exist or is not writable; choose another --out")
                           .c_str(),
                       ReportError);
  ReportFormat f{};
  CHECK(parseReportFormat("json", f));
  CHECK(f == ReportFormat::Json);
  CHECK_FALSE(parseReportFormat("pdf", f));
  std::filesystem::remove_all(dir);
}

}  // TEST_SUITE
