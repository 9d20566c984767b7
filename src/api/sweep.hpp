// Sweeps: one base problem and the axes to vary, expanded into the list of checks of a batch.
//
//   Sweep s = read_sweep("examples/sweeps/lecun_width.json");
//   // {"base": "../nn/lecun_two_layer.json",
//   //  "axes": {"width": [1024, 2048, 4096], "seed": {"from": 1, "to": 50}},
//   //  "zip": [{"activation": ["tanh", "sigmoid"], "c": [1, 4]}],
//   //  "set": {"radius": "auto"}}
//   s.points.size() == 3 * 50 * 2;
//   s.points[0].key == R"({"activation":"tanh","c":1,"seed":1,"width":1024})"
//   s.points[0].problem   // the base file's JSON with width, seed, ... applied
//
// The base is a `gdcert check` problem file or a `gdcert nn check` model file (it has "layers");
// or "problems": ["a.json", "b.json"] lists explicit problem files (axes then multiply them).
// Every axis of "axes" is crossed with every other (Cartesian product); each object of "zip"
// varies its axes together (equal lengths) and is crossed with the rest. "set" fixes fields.
// An axis value is a JSON value, or {"from": a, "to": b[, "step": s]} for integers a..b.
//
// Axis names and the fields they set (the same for "set"):
//   width        every hidden layer's width: layers[1 .. L-1]          (nn)
//   depth        number of hidden layers, each as wide as the first     (nn)
//   seed         init.seed, and data.synthetic.seed when the data are drawn (nn)
//   scheme       init.scheme; c, A, delta: init.c, init.A, init.delta  (nn)
//   activation, slope, bias, parametrization, data, radius, criterion, precision, budget,
//   center, expr, residuals: the top-level field of that name
//   /a/b         any JSON pointer into the base problem
// Unknown names are bad input (std::invalid_argument naming the axis), as are an empty
// product, zipped axes of unequal lengths and an unreadable base.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gdcert::api {

struct SweepPoint {
  std::string key;             // compact JSON of the coordinates (sorted): unique within a sweep
  nlohmann::json coords;       // {"width": 1024, "seed": 3, ...}
  nlohmann::json problem;      // the problem with the coordinates applied (numbers as exact text)
  std::string base_dir;        // relative paths in `problem` are relative to this directory
  std::string kind;            // "nn" or "check"
};

struct Sweep {
  std::string path;
  std::string hash;            // of the sweep file and every base file it names (hex, 16 digits)
  std::vector<std::string> axes;  // axis names, in the order of `coords`
  std::vector<SweepPoint> points;
};

// Throws std::invalid_argument naming the file and the problem.
Sweep read_sweep(const std::string& path);
Sweep parse_sweep(const std::string& text, const std::string& path);

// Sets one axis value in a problem (throws std::invalid_argument for an unknown axis, or a
// field the problem kind does not have).
void apply_axis(nlohmann::json& problem, const std::string& kind, const std::string& axis,
                const nlohmann::json& value);

// 64-bit FNV-1a of bytes, as 16 hex digits (a change detector, not a cryptographic hash).
std::string fnv1a_hex(const std::string& bytes);

}  // namespace gdcert::api
