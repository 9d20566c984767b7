// Numeric tables from CSV text and the data set of a network problem.
//
//   NumberTable t = read_csv_numbers("X.csv");     // rows x cols, each entry encloses the decimal
//   Dataset data = load_dataset("X.csv", "y.npy");  // inputs n x d, targets n
//
// CSV: one sample per row, fields separated by commas (blanks around them ignored), every row the
// same number of fields; blank lines and lines starting with '#' are skipped. Each field is a
// number as parse_number reads it (decimal, scientific, C99 hex) and means that exact number:
// 0.1 becomes the tightest double interval containing 1/10, and its text is kept. Anything else
// (a header, "nan", "inf", an empty field) is refused with std::invalid_argument naming the file,
// the line and the field. NPY data (model/npy.hpp) are exact doubles; NaN or infinite values are
// refused there too.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "arith/interval.hpp"
#include "model/network.hpp"

namespace gdcert {

struct NumberTable {
  std::size_t rows = 0, cols = 0;
  std::vector<Interval> values;     // rows x cols, row-major
  std::vector<std::string> texts;   // the text of each entry (empty for NPY)
  bool exact = true;                // every value a point interval
};

NumberTable parse_csv_numbers(std::string_view text, const std::string& name);
NumberTable read_csv_numbers(const std::string& path);
// CSV (by extension .csv or .txt) or NPY (.npy); NPY must be 1-D or 2-D. `name` for messages.
NumberTable read_number_table(const std::string& path);

// Inputs: a table n x d (an NPY of shape (n,) counts as n x 1). Targets: one column
// (CSV n x 1, NPY (n,) or (n, 1)); a single CSV row is refused (ambiguous with one sample).
// n must agree. std::invalid_argument otherwise, naming the file.
Dataset load_dataset(const std::string& inputs_path, const std::string& targets_path);
Dataset make_dataset(const NumberTable& inputs, const NumberTable& targets, const std::string& inputs_name,
                     const std::string& targets_name);

}  // namespace gdcert
