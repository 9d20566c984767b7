// NPY files (NumPy's .npy format, versions 1.0, 2.0 and 3.0) for weights, biases and data.
//
//   NpyArray a = read_npy("W1.npy");       // a.shape == {4096, 10}; a.data row-major doubles
//   std::string bytes = npy_bytes(a.data, a.shape);   // float64, little-endian, C order, v1.0
//
// Read: dtype little-endian float64 ('<f8') or float32 ('<f4', each value converted exactly to
// the double it is), fortran_order False, any number of dimensions. Everything else is refused
// with NpyError (a std::invalid_argument) naming the file and the problem: bad magic, unknown
// version, malformed header, big-endian or other dtypes, Fortran order, a shape whose element
// count overflows or disagrees with the file size (truncated or trailing bytes). Values are
// returned as they are (NaN and infinities included): the caller decides what it accepts.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gdcert {

struct NpyError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct NpyArray {
  std::vector<std::size_t> shape;  // () for a scalar: one element
  std::vector<double> data;        // row-major (C order)
  std::string dtype;               // "<f8" or "<f4" as read
  std::size_t size() const { return data.size(); }
};

// `name` is used in error messages (the path).
NpyArray parse_npy(std::string_view bytes, const std::string& name);
NpyArray read_npy(const std::string& path);  // NpyError when the file cannot be read either

// The bytes of a float64 little-endian C-order NPY v1.0 file (v2.0 if the header needs it).
// shape's element count must equal data.size() (std::invalid_argument otherwise).
std::string npy_bytes(const std::vector<double>& data, const std::vector<std::size_t>& shape);

}  // namespace gdcert
