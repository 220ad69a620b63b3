#pragma once
// Writes a synthetic population as the exports real systems produce: hukou.csv, roster.csv,
// elsewhere.csv, exempt.csv, poverty.csv, and the answer key truth.csv. Header spellings, date
// formats and codings vary between files and seeds (see docs/synth.md).
#include <string>

#include "csv_writer.h"
#include "synth.h"
#include "synth_population.h"

namespace bx::synth {

// Each returns the number of data rows written; `path` is written atomically.
long write_hukou(const Population& population, const SynthRates& rates, const std::string& path,
                 const CsvWriteOptions& options);
long write_roster(const Population& population, const SynthRates& rates, RecordFile file,
                  const std::string& path, const CsvWriteOptions& options);
long write_exempt(const Population& population, const SynthRates& rates, const std::string& path,
                  const CsvWriteOptions& options);
long write_poverty(const Population& population, const SynthRates& rates, const std::string& path,
                   const CsvWriteOptions& options);
long write_truth(const Population& population, const std::string& path, const CsvWriteOptions& options);

}  // namespace bx::synth
