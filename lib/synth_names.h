#pragma once
// Personal names for synthetic data: surnames with China's frequencies, given names from a
// deliberately small pool (so namesakes occur at scale), Uyghur- and Yi-style minority names,
// and the ways a roster retypes a registry name (homophones, traditional characters, spaces,
// another middle dot).
#include <cstdint>
#include <string>
#include <string_view>

#include "synth_random.h"

namespace bx::synth {

// A name as table indices (6 bytes per person). Han names: surname + one or two given
// characters. Minority names: two words joined by a middle dot, surname == kMinority.
struct PersonName {
    static constexpr uint16_t kNone = 0xFFFF;
    static constexpr uint16_t kMinority = 0xFFFE;
    uint16_t surname = kNone;
    uint16_t given1 = kNone;
    uint16_t given2 = kNone;

    bool minority() const { return surname == kMinority; }
};

enum class NameAge : uint8_t { child, parent, grandparent };

class NameBook {
public:
    static const NameBook& get();

    uint16_t draw_surname(Rng& rng) const;
    // Fills given1 (and given2 for two-character names) for a Han name.
    void draw_given(Rng& rng, bool male, NameAge age, PersonName& name) const;
    // A character that closes a child's two-character given name (the one twins do not share).
    uint16_t draw_given_tail(Rng& rng, bool male) const;

    // Minority words: Uyghur-style names are "own·father's", Yi-style "clan·own".
    uint16_t draw_uyghur_given(Rng& rng, bool male) const;
    uint16_t draw_yi_clan(Rng& rng) const;
    uint16_t draw_yi_given(Rng& rng, bool male) const;

    // The registry spelling; minority names use U+00B7 '·'.
    void append(std::string& out, const PersonName& name) const;
    std::string format(const PersonName& name) const;
    std::string_view surname_text(const PersonName& name) const;

private:
    NameBook();
    struct Tables;
    const Tables* tables_;
};

// How a roster wrote a registry name differently.
enum class NameNoise : uint8_t { none, homophone, traditional, space, dot };
std::string_view to_string(NameNoise noise);

// Rewrites `name` (registry spelling) with `wanted`; a kind that does not apply to this name
// (no character with a homophone, no middle dot) falls back to a stray space. Returns the kind
// applied.
NameNoise apply_name_noise(NameNoise wanted, std::string& name, Rng& rng);

}  // namespace bx::synth
