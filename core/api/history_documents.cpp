#include "core/api/api_documents.h"
#include "core/history/energy_json.h"
#include "core/history/history_json.h"

namespace tbg::api {

std::string date_text(const history::CivilDate& date) {
    return history::to_string(date);
}

nlohmann::json history_document(const GatewayView& view, int hours) {
    const history::MinuteHistory empty(0);
    return history::history_json(view.history ? *view.history : empty, static_cast<std::size_t>(hours) * 60);
}

nlohmann::json energy_document(const GatewayView& view, int days, int months) {
    const history::EnergyLedger empty;
    const history::EnergyLedger& ledger = view.energy ? *view.energy : empty;
    return history::energy_json(ledger, view.today.value_or(history::CivilDate{}), days, months, view.bank.charged_Wh,
                                view.bank.discharged_Wh, view.today.has_value());
}

}  // namespace tbg::api
