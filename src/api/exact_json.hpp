// TEMPORARY shim on the batch branch until src/api owns exact_json (the api refactor moves it).
#pragma once
#include "cli/exact_json.hpp"
