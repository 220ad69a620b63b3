#include "synth.h"

#include <filesystem>

#include <fmt/format.h>

#include "errors.h"
#include "synth_exports.h"
#include "synth_population.h"

namespace bx {

namespace {
constexpr RateFlag kRateFlags[] = {
    {"twins", &SynthRates::twins, "Births that are twins"},
    {"minority", &SynthRates::minority, "Households with Uyghur- or Yi-style names (middle dot)"},
    {"mother-surname", &SynthRates::mother_surname, "Children carrying the mother's surname"},
    {"left-behind", &SynthRates::left_behind, "Rural households whose parents work away (留守)"},
    {"poverty", &SynthRates::poverty, "Rural households in the poverty file (urban: a quarter)"},
    {"not-enrolled", &SynthRates::not_enrolled, "School-age children with no roster record"},
    {"dropped-out", &SynthRates::dropped_out, "School-age children recorded 辍学/失学/退学"},
    {"suspended", &SynthRates::suspended, "School-age children on 休学 without approval"},
    {"transferred-lost", &SynthRates::transferred_lost, "School-age children 转出 with no new school"},
    {"elsewhere", &SynthRates::elsewhere, "School-age children enrolled in another county"},
    {"deferred", &SynthRates::deferred, "Six-year-olds with an approved 延缓入学"},
    {"sick-leave", &SynthRates::sick_leave, "School-age children on approved 休学"},
    {"deceased", &SynthRates::deceased, "School-age children recorded 死亡"},
    {"abroad", &SynthRates::abroad, "School-age children gone abroad (出国)"},
    {"home-delivered", &SynthRates::home_delivered, "School-age children taught at home (送教上门)"},
    {"late-entry", &SynthRates::late_entry, "Pupils who started grade 1 a year late"},
    {"early-entry", &SynthRates::early_entry, "Pupils who started grade 1 a year early"},
    {"duplicate", &SynthRates::duplicate, "Enrolled pupils with a second enrolment elsewhere in the region"},
    {"internal-transfer", &SynthRates::internal_transfer, "Enrolled pupils who changed school (转出 + 转入)"},
    {"migrant", &SynthRates::migrant, "Roster rows of pupils registered elsewhere (随迁子女)"},
    {"stale-exemption", &SynthRates::stale_exemption, "Enrolled 7-9-year-olds with an old 延缓入学 approval"},
    {"id-substitution", &SynthRates::id_substitution, "Roster IDs with one character mistyped"},
    {"id-transposition", &SynthRates::id_transposition, "Roster IDs with two neighbours swapped"},
    {"id-missing", &SynthRates::id_missing, "Roster records without an ID (L/J student number)"},
    {"id-excel", &SynthRates::id_excel, "Roster IDs damaged by Excel (1.40322E+17, ...000)"},
    {"id-cosmetic", &SynthRates::id_cosmetic, "Roster IDs with lowercase x, full-width digits, spaces or '"},
    {"name-homophone", &SynthRates::name_homophone, "Roster names with a homophone character"},
    {"name-traditional", &SynthRates::name_traditional, "Roster names with a traditional character"},
    {"name-space", &SynthRates::name_space, "Roster names with a stray space"},
    {"dot-variant", &SynthRates::dot_variant, "Minority names written with another dot or none"},
    {"birth-mismatch", &SynthRates::birth_mismatch, "Roster birth dates disagreeing with the ID"},
    {"legacy-id", &SynthRates::legacy_id, "Adults born before 1984 shown with a 15-digit ID"},
    {"poverty-stale", &SynthRates::poverty_stale, "Poverty-file 在校生状况 values that are out of date"},
    {"address-comma", &SynthRates::address_comma, "Registry addresses containing a comma"},
    {"address-newline", &SynthRates::address_newline, "Registry addresses containing a line break"},
    {"mixed-dates", &SynthRates::mixed_dates, "Rows whose dates use another format than the file's"},
    {"registry-gaps", &SynthRates::registry_gaps, "Registry rows with an empty phone, guardian or birth date"},
};
}  // namespace

std::span<const RateFlag> rate_flags() { return kRateFlags; }

long SynthReport::out_of_school() const {
    long total = 0;
    for (size_t i = 0; i < kTruthStatusCount; ++i) {
        if (is_out_of_school(static_cast<TruthStatus>(i))) total += by_status[i];
    }
    return total;
}

void validate(const SynthOptions& options) {
    if (options.children < 1) throw UsageError("--children must be at least 1");
    if (options.children > 20'000'000) throw UsageError("--children is limited to 20000000");
    if (options.as_of.year() < 1990 || options.as_of.year() > 2070) {
        throw UsageError("--as-of must lie between 1990 and 2070");
    }
    const SynthRates& r = options.rates;
    for (const auto& flag : kRateFlags) {
        const double rate = r.*flag.rate;
        if (!(rate >= 0 && rate <= 1)) throw UsageError(fmt::format("--{} must be between 0 and 1", flag.flag));
    }
    // Poor children are twice as likely to be out of school, so the ladder must fit twice over.
    const double statuses = 2 * (r.not_enrolled + r.dropped_out + r.suspended + r.transferred_lost) + r.elsewhere +
                            r.sick_leave + r.deceased + r.abroad;
    if (statuses > 1) throw UsageError("the status rates add up to more than every child");
    if (r.id_substitution + r.id_transposition + r.id_missing + r.id_excel + r.id_cosmetic > 1) {
        throw UsageError("the --id-* rates add up to more than every record");
    }
    if (r.name_homophone + r.name_traditional + r.name_space > 1) {
        throw UsageError("the --name-* rates add up to more than every record");
    }
    if (r.late_entry + r.early_entry > 1) throw UsageError("--late-entry and --early-entry add up to more than 1");
    if (r.address_comma + r.address_newline > 1) throw UsageError("the --address-* rates add up to more than 1");
    if (r.migrant >= 1) throw UsageError("--migrant must be below 1");
}

SynthReport synthesize(const SynthOptions& options, const std::string& folder, const CsvWriteOptions& write_options) {
    validate(options);
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) throw DataError(folder, 0, "cannot create the output folder: " + error.message());
    using namespace synth;
    const Population pop = build_population(options);
    auto path = [&](std::string_view name) { return folder + "/" + std::string(name); };
    SynthReport report;
    report.children = static_cast<long>(pop.children.size());
    report.households = static_cast<long>(pop.households.size());
    for (const Child& child : pop.children) ++report.by_status[static_cast<size_t>(child.status)];
    report.registry_rows = write_hukou(pop, options.rates, path(synth_file::hukou), write_options);
    report.roster_rows = write_roster(pop, options.rates, RecordFile::roster, path(synth_file::roster), write_options);
    report.elsewhere_rows =
        write_roster(pop, options.rates, RecordFile::elsewhere, path(synth_file::elsewhere), write_options);
    report.exempt_rows = write_exempt(pop, options.rates, path(synth_file::exempt), write_options);
    report.poverty_rows = write_poverty(pop, options.rates, path(synth_file::poverty), write_options);
    write_truth(pop, path(synth_file::truth), write_options);
    return report;
}

}  // namespace bx
