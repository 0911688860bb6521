// The floor of issue 14: what walking every value of a file costs with
// simdjson On-Demand and nothing else (no schema, no rules, no positions).
// ckimport's `--jobs 1` user CPU is compared with this one's, measured the
// same way by bench.py; built by run.sh with ckimport's compiler and flags.
//
//   simdjson_floor FILE   prints the number of top-level elements and a
//                         checksum of what it read (so nothing is optimised
//                         away); exit 1 when FILE is not a JSON array.
#include <simdjson.h>

#include <cstdint>
#include <cstdio>

namespace {

// Every key is unescaped, every string unescaped, every number parsed.
simdjson::error_code walk(simdjson::ondemand::value value, std::uint64_t& sum) {
  simdjson::ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      simdjson::ondemand::object object;
      if (auto error = value.get_object().get(object)) return error;
      for (auto field : object) {
        std::string_view key;
        if (auto error = field.unescaped_key().get(key)) return error;
        sum += key.size();
        simdjson::ondemand::value child;
        if (auto error = field.value().get(child)) return error;
        if (auto error = walk(child, sum)) return error;
      }
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::array: {
      simdjson::ondemand::array array;
      if (auto error = value.get_array().get(array)) return error;
      for (auto element : array) {
        simdjson::ondemand::value child;
        if (auto error = element.get(child)) return error;
        if (auto error = walk(child, sum)) return error;
      }
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::string: {
      std::string_view text;
      if (auto error = value.get_string().get(text)) return error;
      sum += text.size();
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::number: {
      simdjson::ondemand::number number;
      if (auto error = value.get_number().get(number)) return error;
      sum += static_cast<std::uint64_t>(number.get_number_type());
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::boolean: {
      bool flag = false;
      if (auto error = value.get_bool().get(flag)) return error;
      sum += flag ? 1U : 0U;
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::null: {
      bool null = false;
      if (auto error = value.is_null().get(null)) return error;
      sum += null ? 1U : 0U;
      return simdjson::SUCCESS;
    }
  }
  return simdjson::INCORRECT_TYPE;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: simdjson_floor FILE\n");
    return 2;
  }
  simdjson::padded_string json;
  if (auto error = simdjson::padded_string::load(argv[1]).get(json)) {
    std::fprintf(stderr, "simdjson_floor: %s: %s\n", argv[1], simdjson::error_message(error));
    return 2;
  }
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document document;
  simdjson::ondemand::array items;
  std::uint64_t count = 0;
  std::uint64_t sum = 0;
  auto error = parser.iterate(json).get(document);
  if (!error) error = document.get_array().get(items);
  if (!error) {
    for (auto item : items) {
      simdjson::ondemand::value value;
      if ((error = item.get(value)) || (error = walk(value, sum))) break;
      ++count;
    }
  }
  if (error) {
    std::fprintf(stderr, "simdjson_floor: %s: %s\n", argv[1], simdjson::error_message(error));
    return 1;
  }
  std::printf("%llu elements, checksum %llu\n", static_cast<unsigned long long>(count),
              static_cast<unsigned long long>(sum));
  return 0;
}
