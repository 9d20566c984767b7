// NPY reading and writing (model/npy.hpp): round trips, float32, version 2.0 headers, and hostile
// files that must be refused with a message, never crash.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "model/npy.hpp"

namespace gdcert {
namespace {

std::string header_file(const std::string& dict, int major = 1, std::size_t pad_to = 64) {
  std::string h = dict;
  std::size_t pre = major == 1 ? 10 : 12;
  while ((pre + h.size() + 1) % pad_to) h += ' ';
  h += '\n';
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(major);
  out += '\0';
  for (int k = 0; k < (major == 1 ? 2 : 4); ++k) out += static_cast<char>((h.size() >> (8 * k)) & 0xff);
  return out + h;
}

std::string doubles(const std::vector<double>& v) {
  std::string s(8 * v.size(), '\0');
  if (!v.empty()) std::memcpy(s.data(), v.data(), s.size());
  return s;
}

void refused(const std::string& bytes, const std::string& fragment) {
  CAPTURE(fragment);
  try {
    parse_npy(bytes, "t.npy");
    FAIL("accepted a bad file");
  } catch (const NpyError& e) {
    const std::string msg = e.what();
    CAPTURE(msg);
    CHECK(msg.find("t.npy") != std::string::npos);
    CHECK(msg.find(fragment) != std::string::npos);
  }
}

TEST_CASE("NPY round trip: float64, shapes (3, 4), (5,), (1, 1), () and (0, 3)") {
  const std::vector<std::vector<std::size_t>> shapes = {{3, 4}, {5}, {1, 1}, {}, {0, 3}, {2, 1, 3}};
  for (const auto& shape : shapes) {
    std::size_t count = 1;
    for (auto d : shape) count *= d;
    std::vector<double> data(count);
    for (std::size_t k = 0; k < count; ++k) data[k] = std::ldexp(static_cast<double>(k) - 2.5, -static_cast<int>(k)) + 0x1p-1070;
    const std::string bytes = npy_bytes(data, shape);
    CHECK(bytes.size() % 64 == (8 * count) % 64);  // header padded to 64 bytes
    const NpyArray a = parse_npy(bytes, "x.npy");
    CHECK(a.shape == shape);
    CHECK(a.data == data);
    CHECK(a.dtype == "<f8");
  }
  CHECK_THROWS_AS(npy_bytes({1, 2, 3}, {2, 2}), std::invalid_argument);
}

TEST_CASE("NPY float32 values become the exact doubles; version 2.0 and 3.0 headers read") {
  const std::vector<float> f = {0.1f, -3.5f, 1e-40f};
  std::string data(4 * f.size(), '\0');
  std::memcpy(data.data(), f.data(), data.size());
  const NpyArray a = parse_npy(header_file("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }") + data, "f.npy");
  REQUIRE(a.data.size() == 3);
  for (std::size_t k = 0; k < 3; ++k) CHECK(a.data[k] == static_cast<double>(f[k]));
  for (int major : {2, 3}) {
    const NpyArray b = parse_npy(header_file("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }", major) + doubles({1.5, -2}), "v2.npy");
    CHECK(b.shape == std::vector<std::size_t>{2, 1});
    CHECK(b.data == std::vector<double>{1.5, -2});
  }
  // Key order and quotes as other writers produce them.
  const NpyArray c = parse_npy(header_file("{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"<f8\"}") + doubles({3, 4}), "c.npy");
  CHECK(c.data == std::vector<double>{3, 4});
}

TEST_CASE("hostile NPY files are refused with a message") {
  const std::string ok_dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
  refused("", "not an NPY file");
  refused("\x93NUMPX\x01\x00\x10\x00", "not an NPY file");
  refused(std::string("\x93NUMPY\x04\x00\x10\x00", 10) + std::string(16, ' '), "unsupported NPY version");
  refused(std::string("\x93NUMPY\x01\x00\xff\x7f", 10) + "{}", "truncated header");
  refused(header_file(ok_dict) + doubles({1, 2, 3}), "truncated");
  refused(header_file(ok_dict) + doubles({1, 2, 3, 4, 5}), "after the data");
  refused(header_file("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }") + doubles({1, 2, 3, 4}), "fortran_order");
  refused(header_file("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }") + doubles({1, 2, 3, 4}), "dtype '<i8'");
  refused(header_file("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 2), }") + doubles({1, 2, 3, 4}), "big-endian");
  refused(header_file("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,), }") + doubles({1, 2}), "malformed header");
  refused(header_file("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }"), "absurd shape");
  refused(header_file("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999, ), }"), "absurd shape");
  refused(header_file("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000, 1000), }") + doubles({1}), "truncated");
  refused(header_file("{'descr': '<f8', 'fortran_order': False, 'shape': (-2, 2), }"), "malformed header");
  refused(header_file("{'descr': '<f8', 'shape': (2, 2), }") + doubles({1, 2, 3, 4}), "needs 'descr', 'fortran_order' and 'shape'");
  refused(header_file("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), 'x': 1}") + doubles({1, 2, 3, 4}), "unexpected header key");
  refused(header_file("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2, 2), }"), "fortran_order must be");
  refused(header_file("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2) } trailing"), "text after the dictionary");
  refused(header_file("{'descr': '<f8") , "malformed header");
  CHECK_THROWS_AS(read_npy("/nonexistent/dir/W.npy"), NpyError);
}

TEST_CASE("NPY: truncations of a valid file at every length are refused") {
  const std::string good = npy_bytes({1, 2, 3, 4, 5, 6}, {2, 3});
  for (std::size_t len = 0; len < good.size(); ++len) CHECK_THROWS_AS(parse_npy(good.substr(0, len), "t.npy"), NpyError);
  CHECK_NOTHROW(parse_npy(good, "t.npy"));
}

}  // namespace
}  // namespace gdcert
