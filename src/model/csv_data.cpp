#include "model/csv_data.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "arith/exact_number.hpp"
#include "model/npy.hpp"

namespace gdcert {
namespace {

std::string trim(std::string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) --b;
  return std::string(s.substr(a, b - a));
}

bool ends_with(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  std::string tail = s.substr(s.size() - suffix.size());
  for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return tail == suffix;
}

}  // namespace

NumberTable parse_csv_numbers(std::string_view text, const std::string& name) {
  NumberTable t;
  std::size_t line_no = 0, pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string line = trim(text.substr(pos, end - pos));
    ++line_no;
    pos = end + 1;
    if (line.empty() || line[0] == '#') {
      if (end == text.size()) break;
      continue;
    }
    std::size_t fields = 0, fpos = 0;
    for (;;) {
      std::size_t comma = line.find(',', fpos);
      const std::string field = trim(std::string_view(line).substr(fpos, comma == std::string::npos ? std::string::npos : comma - fpos));
      ++fields;
      const std::string where = "data file '" + name + "', line " + std::to_string(line_no) + ", field " + std::to_string(fields);
      if (field.empty()) throw std::invalid_argument(where + ": empty field");
      ExactNumber num;
      try {
        num = parse_number(field);
      } catch (const NumberError& e) {
        throw std::invalid_argument(where + ": '" + field.substr(0, 40) + "' is not a finite number (" + e.what() + ")");
      }
      if (!std::isfinite(num.enclosure.lower()) || !std::isfinite(num.enclosure.upper()))
        throw std::invalid_argument(where + ": '" + field.substr(0, 40) + "' is out of the double range");
      t.values.push_back(num.enclosure);
      t.texts.push_back(num.text);
      t.exact = t.exact && num.exact;
      if (comma == std::string::npos) break;
      fpos = comma + 1;
    }
    if (t.rows == 0) t.cols = fields;
    else if (fields != t.cols)
      throw std::invalid_argument("data file '" + name + "', line " + std::to_string(line_no) + ": " + std::to_string(fields) +
                                  " fields, earlier rows have " + std::to_string(t.cols));
    ++t.rows;
    if (end == text.size()) break;
  }
  if (t.rows == 0) throw std::invalid_argument("data file '" + name + "' holds no numbers");
  return t;
}

NumberTable read_csv_numbers(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw std::invalid_argument("data file '" + path + "' is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot open data file '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_csv_numbers(ss.str(), path);
}

NumberTable read_number_table(const std::string& path) {
  if (ends_with(path, ".npy")) {
    NpyArray a = read_npy(path);
    NumberTable t;
    if (a.shape.size() == 1) { t.rows = a.shape[0]; t.cols = 1; }
    else if (a.shape.size() == 2) { t.rows = a.shape[0]; t.cols = a.shape[1]; }
    else throw std::invalid_argument("data file '" + path + "': expected a 1-D or 2-D array, shape has " +
                                     std::to_string(a.shape.size()) + " dimensions");
    if (t.rows == 0 || t.cols == 0) throw std::invalid_argument("data file '" + path + "' is empty");
    t.values.reserve(a.data.size());
    for (std::size_t k = 0; k < a.data.size(); ++k) {
      if (!std::isfinite(a.data[k]))
        throw std::invalid_argument("data file '" + path + "': entry " + std::to_string(k) + " (row " +
                                    std::to_string(k / t.cols) + ") is NaN or infinite");
      t.values.emplace_back(a.data[k]);
    }
    return t;
  }
  if (ends_with(path, ".csv") || ends_with(path, ".txt")) return read_csv_numbers(path);
  throw std::invalid_argument("data file '" + path + "': unknown format (expected .csv, .txt or .npy)");
}

Dataset make_dataset(const NumberTable& x, const NumberTable& y, const std::string& xname, const std::string& yname) {
  if (y.cols != 1)
    throw std::invalid_argument("targets '" + yname + "': expected one column (one target per sample), got " +
                                std::to_string(y.rows) + " x " + std::to_string(y.cols));
  if (x.rows != y.rows)
    throw std::invalid_argument("inputs '" + xname + "' have " + std::to_string(x.rows) + " samples but targets '" +
                                yname + "' have " + std::to_string(y.rows));
  Dataset d;
  d.n = x.rows;
  d.d = x.cols;
  d.inputs = x.values;
  d.targets = y.values;
  d.exact = x.exact && y.exact;
  if (!x.texts.empty() || !y.texts.empty()) {
    // Keep texts for both (exact doubles get their hex text) so a program export can use them.
    auto texts = [](const NumberTable& t) {
      if (!t.texts.empty()) return t.texts;
      std::vector<std::string> out;
      char buf[64];
      for (const Interval& v : t.values) {
        std::snprintf(buf, sizeof buf, "%a", v.lower());
        out.emplace_back(buf);
      }
      return out;
    };
    d.input_texts = texts(x);
    d.target_texts = texts(y);
  }
  return d;
}

Dataset load_dataset(const std::string& inputs_path, const std::string& targets_path) {
  return make_dataset(read_number_table(inputs_path), read_number_table(targets_path), inputs_path, targets_path);
}

}  // namespace gdcert
