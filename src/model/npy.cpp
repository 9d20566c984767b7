#include "model/npy.hpp"

#include <bit>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace gdcert {
namespace {

static_assert(std::endian::native == std::endian::little, "the NPY code assumes a little-endian host");

[[noreturn]] void fail(const std::string& name, const std::string& what) {
  throw NpyError("NPY file '" + name + "': " + what);
}

// A minimal reader of the Python dict literal NumPy writes:
//   {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
class HeaderParser {
 public:
  HeaderParser(std::string_view s, const std::string& name) : s_(s), name_(name) {}

  void parse(std::string& descr, bool& fortran, std::vector<std::size_t>& shape) {
    bool have_descr = false, have_fortran = false, have_shape = false;
    skip();
    expect('{');
    for (;;) {
      skip();
      if (peek() == '}') { ++i_; break; }
      const std::string key = string_literal();
      skip();
      expect(':');
      skip();
      if (key == "descr") {
        descr = string_literal();
        have_descr = true;
      } else if (key == "fortran_order") {
        fortran = boolean();
        have_fortran = true;
      } else if (key == "shape") {
        shape = tuple();
        have_shape = true;
      } else {
        fail(name_, "unexpected header key '" + key + "'");
      }
      skip();
      if (peek() == ',') { ++i_; continue; }
      skip();
      expect('}');
      break;
    }
    skip();
    if (i_ != s_.size()) fail(name_, "malformed header: text after the dictionary");
    if (!have_descr || !have_fortran || !have_shape)
      fail(name_, "malformed header: needs 'descr', 'fortran_order' and 'shape'");
  }

 private:
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
  }
  void expect(char c) {
    if (peek() != c) fail(name_, std::string("malformed header: expected '") + c + "' at header byte " + std::to_string(i_));
    ++i_;
  }
  std::string string_literal() {
    const char q = peek();
    if (q != '\'' && q != '"') fail(name_, "malformed header: expected a string at header byte " + std::to_string(i_));
    ++i_;
    std::string out;
    while (i_ < s_.size() && s_[i_] != q) {
      if (out.size() > 64) fail(name_, "malformed header: string too long");
      out += s_[i_++];
    }
    expect(q);
    return out;
  }
  bool boolean() {
    if (s_.substr(i_, 4) == "True") { i_ += 4; return true; }
    if (s_.substr(i_, 5) == "False") { i_ += 5; return false; }
    fail(name_, "malformed header: fortran_order must be True or False");
  }
  std::vector<std::size_t> tuple() {
    expect('(');
    std::vector<std::size_t> dims;
    for (;;) {
      skip();
      if (peek() == ')') { ++i_; break; }
      if (!std::isdigit(static_cast<unsigned char>(peek()))) fail(name_, "malformed header: shape entries must be non-negative integers");
      std::size_t v = 0;
      while (std::isdigit(static_cast<unsigned char>(peek()))) {
        const std::size_t digit = static_cast<std::size_t>(s_[i_++] - '0');
        if (v > (std::numeric_limits<std::size_t>::max() - digit) / 10) fail(name_, "absurd shape: a dimension overflows");
        v = v * 10 + digit;
      }
      if (peek() == 'L') ++i_;  // Python 2 long suffix
      dims.push_back(v);
      if (dims.size() > 32) fail(name_, "absurd shape: more than 32 dimensions");
      skip();
      if (peek() == ',') { ++i_; continue; }
      skip();
      expect(')');
      break;
    }
    return dims;
  }

  std::string_view s_;
  const std::string& name_;
  std::size_t i_ = 0;
};

std::uint32_t read_le(std::string_view b, std::size_t at, int bytes) {
  std::uint32_t v = 0;
  for (int k = bytes - 1; k >= 0; --k) v = (v << 8) | static_cast<unsigned char>(b[at + k]);
  return v;
}

}  // namespace

NpyArray parse_npy(std::string_view bytes, const std::string& name) {
  static const char magic[] = "\x93NUMPY";
  if (bytes.size() < 10 || bytes.substr(0, 6) != std::string_view(magic, 6))
    fail(name, "not an NPY file (bad magic string or too short)");
  const int major = static_cast<unsigned char>(bytes[6]);
  const int minor = static_cast<unsigned char>(bytes[7]);
  std::size_t header_start = 0, header_len = 0;
  if (major == 1 && minor == 0) {
    header_start = 10;
    header_len = read_le(bytes, 8, 2);
  } else if ((major == 2 || major == 3) && minor == 0) {
    if (bytes.size() < 12) fail(name, "truncated header");
    header_start = 12;
    header_len = read_le(bytes, 8, 4);
  } else {
    fail(name, "unsupported NPY version " + std::to_string(major) + "." + std::to_string(minor));
  }
  if (header_len > bytes.size() - header_start) fail(name, "truncated header");
  std::string descr;
  bool fortran = false;
  NpyArray a;
  HeaderParser(bytes.substr(header_start, header_len), name).parse(descr, fortran, a.shape);
  if (fortran) fail(name, "fortran_order arrays are not supported (save it in C order)");
  std::size_t width = 0;
  if (descr == "<f8") width = 8;
  else if (descr == "<f4") width = 4;
  else if (descr == ">f8" || descr == ">f4") fail(name, "big-endian dtype '" + descr + "' is not supported");
  else fail(name, "dtype '" + descr + "' is not supported (float64 '<f8' or float32 '<f4')");
  a.dtype = descr;
  std::size_t count = 1;
  for (std::size_t d : a.shape) {
    if (d != 0 && count > std::numeric_limits<std::size_t>::max() / d / width) fail(name, "absurd shape: element count overflows");
    count *= d;
  }
  const std::size_t data_start = header_start + header_len;
  const std::size_t available = bytes.size() - data_start;
  if (available < count * width)
    fail(name, "truncated: the shape needs " + std::to_string(count * width) + " data bytes, the file has " +
                   std::to_string(available));
  if (available > count * width)
    fail(name, std::to_string(available - count * width) + " bytes after the data the shape describes");
  a.data.resize(count);
  const char* p = bytes.data() + data_start;
  for (std::size_t k = 0; k < count; ++k) {
    if (width == 8) {
      double v;
      std::memcpy(&v, p + 8 * k, 8);
      a.data[k] = v;
    } else {
      float v;
      std::memcpy(&v, p + 4 * k, 4);
      a.data[k] = static_cast<double>(v);  // exact
    }
  }
  return a;
}

NpyArray read_npy(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw NpyError("NPY file '" + path + "' is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NpyError("cannot open NPY file '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw NpyError("cannot read NPY file '" + path + "'");
  return parse_npy(ss.str(), path);
}

std::string npy_bytes(const std::vector<double>& data, const std::vector<std::size_t>& shape) {
  std::size_t count = 1;
  for (std::size_t d : shape) count *= d;
  if (count != data.size()) throw std::invalid_argument("npy_bytes: shape does not match the data size");
  std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (";
  for (std::size_t k = 0; k < shape.size(); ++k) dict += std::to_string(shape[k]) + (shape.size() == 1 || k + 1 < shape.size() ? ", " : "");
  if (shape.size() == 1) dict.resize(dict.size() - 1);  // "(3,)"
  dict += "), }";
  // Header (magic + version + length + dict + padding + '\n') is a multiple of 64 bytes.
  std::size_t pre = 10;
  std::size_t total = pre + dict.size() + 1;
  bool v2 = false;
  if ((total + 63) / 64 * 64 - pre > 65535) { v2 = true; pre = 12; total = pre + dict.size() + 1; }
  const std::size_t padded = (total + 63) / 64 * 64;
  dict.append(padded - total, ' ');
  dict += '\n';
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(v2 ? 2 : 1);
  out += '\0';
  const std::size_t hl = dict.size();
  for (int k = 0; k < (v2 ? 4 : 2); ++k) out += static_cast<char>((hl >> (8 * k)) & 0xff);
  out += dict;
  const std::size_t at = out.size();
  out.resize(at + 8 * data.size());
  if (!data.empty()) std::memcpy(out.data() + at, data.data(), 8 * data.size());
  return out;
}

}  // namespace gdcert
