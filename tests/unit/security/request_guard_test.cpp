// The origin checks of core/api/request_guard.h on their own: Host parsing, loopback and local names (DNS rebinding
// guard), Origin against Host, and the cross-site verdict from Origin, Sec-Fetch-Site and X-Forwarded-Host.
#include "core/api/request_guard.h"

#include <gtest/gtest.h>

namespace tbg::api {
namespace {

TEST(RequestGuard, HostWithoutPortHandlesNamesIpv4AndBracketedIpv6) {
    EXPECT_EQ(host_without_port("gateway.local:8080"), "gateway.local");
    EXPECT_EQ(host_without_port("192.168.1.5"), "192.168.1.5");
    EXPECT_EQ(host_without_port("[::1]:8080"), "[::1]");
    EXPECT_EQ(host_without_port("[fe80::1]"), "[fe80::1]");
    EXPECT_EQ(host_without_port(""), "");
}

TEST(RequestGuard, LoopbackHostsAreLocalhost127SlashEightAndIpv6One) {
    for (const char* host : {"localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.1.2.3", "[::1]"}) {
        EXPECT_TRUE(is_loopback_host(host)) << host;
    }
    for (const char* host : {"", "128.0.0.1", "192.168.1.5", "localhost.evil.com", "127.0.0.1.evil.com", "[::2]",
                             "evil.com", "127.0.0", "1270.0.0.1"}) {
        EXPECT_FALSE(is_loopback_host(host)) << host;
    }
}

TEST(RequestGuard, LocalNamesAreIpLiteralsSingleLabelsAndDotLocal) {
    for (const char* host : {"192.168.1.5", "10.0.0.1", "[fe80::1]", "localhost", "gateway", "gateway.",
                             "topband-3f2a.local", "Gateway.LOCAL"}) {
        EXPECT_TRUE(is_local_host_name(host)) << host;
    }
    // What an attacker's rebinding domain looks like, and malformed names.
    for (const char* host : {"", "rebind.evil.com", "192.168.1.5.nip.io", "x.local.evil.com", "a b", "gateway.local:80",
                             "[zz::1]", "999.1.1.1.com", "."}) {
        EXPECT_FALSE(is_local_host_name(host)) << host;
    }
}

TEST(RequestGuard, OriginMatchesHostBySchemeHostAndPortWithDefaults) {
    EXPECT_TRUE(origin_matches_host("http://192.168.1.5:8080", "192.168.1.5:8080"));
    EXPECT_TRUE(origin_matches_host("http://Gateway.Local:8080", "gateway.local:8080"));
    EXPECT_TRUE(origin_matches_host("http://gateway", "gateway:80"));
    EXPECT_TRUE(origin_matches_host("https://gateway", "gateway:443"));
    EXPECT_TRUE(origin_matches_host("https://gateway.example", "gateway.example"));
    EXPECT_TRUE(origin_matches_host("http://[::1]:8080", "[::1]:8080"));

    EXPECT_FALSE(origin_matches_host("http://192.168.1.5:8081", "192.168.1.5:8080")) << "another port";
    EXPECT_FALSE(origin_matches_host("http://evil.com", "192.168.1.5:8080"));
    EXPECT_FALSE(origin_matches_host("http://192.168.1.5.evil.com:8080", "192.168.1.5:8080"));
    EXPECT_FALSE(origin_matches_host("https://gateway", "gateway:80")) << "https's port is 443";
    EXPECT_FALSE(origin_matches_host("null", "gateway:8080"));
    EXPECT_FALSE(origin_matches_host("file://", "gateway:8080"));
    EXPECT_FALSE(origin_matches_host("ftp://gateway:8080", "gateway:8080"));
    EXPECT_FALSE(origin_matches_host("http://gateway:8080/path", "gateway:8080"));
    EXPECT_FALSE(origin_matches_host("http://gateway:8080", "")) << "no Host to compare with";
}

HttpRequest browser_request(std::string_view origin, std::string_view host, std::string_view site = {},
                            std::string_view forwarded_host = {}) {
    HttpRequest request;
    request.method = HttpMethod::kPost;
    request.origin = origin;
    request.host = host;
    request.sec_fetch_site = site;
    request.forwarded_host = forwarded_host;
    return request;
}

TEST(RequestGuard, CrossSiteVerdictFromOriginAndFetchMetadata) {
    EXPECT_EQ(cross_site_reason(browser_request("", "gw:8080")), "") << "no Origin: not a browser";
    EXPECT_EQ(cross_site_reason(browser_request("http://gw:8080", "gw:8080")), "");
    EXPECT_EQ(cross_site_reason(browser_request("http://gw:8080", "gw:8080", "same-origin")), "");
    EXPECT_EQ(cross_site_reason(browser_request("", "gw:8080", "none")), "") << "typed into the address bar";

    EXPECT_NE(cross_site_reason(browser_request("http://evil.com", "gw:8080")), "");
    EXPECT_NE(cross_site_reason(browser_request("null", "gw:8080")), "") << "sandboxed frame or no-referrer form";
    EXPECT_NE(cross_site_reason(browser_request("", "gw:8080", "cross-site")), "");
    EXPECT_NE(cross_site_reason(browser_request("", "gw:8080", "same-site")), "") << "another port, same host";
    EXPECT_NE(cross_site_reason(browser_request("http://gw:8080", "gw:8080", "cross-site")), "")
        << "either header alone is enough to refuse";
}

TEST(RequestGuard, BehindAProxyTheForwardedHostIsTheOneTheBrowserUsed) {
    // nginx: proxy_pass http://127.0.0.1:8080 (Host: 127.0.0.1:8080), X-Forwarded-Host: gw.example.
    EXPECT_EQ(cross_site_reason(browser_request("https://gw.example", "127.0.0.1:8080", {}, "gw.example")), "");
    EXPECT_EQ(cross_site_reason(browser_request("https://gw.example", "127.0.0.1:8080", {}, "gw.example, proxy2")), "");
    EXPECT_NE(cross_site_reason(browser_request("https://evil.com", "127.0.0.1:8080", {}, "gw.example")), "");
    EXPECT_NE(cross_site_reason(browser_request("https://gw.example", "127.0.0.1:8080")), "")
        << "without X-Forwarded-Host the Origin must match Host";
}

}  // namespace
}  // namespace tbg::api
