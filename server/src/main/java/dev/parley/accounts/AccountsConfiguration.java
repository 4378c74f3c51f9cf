package dev.parley.accounts;

import java.time.Clock;

import dev.parley.system.Blocking;
import dev.parley.system.DataSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class AccountsConfiguration {

    @Bean
    PasswordEncoder passwordEncoder(AuthSettings settings) {
        return new BCryptPasswordEncoder(settings.bcryptStrength());
    }

    @Bean(destroyMethod = "dispose")
    PasswordWork passwordWork(LoginLimits limits) {
        return new PasswordWork(limits);
    }

    @Bean
    LoginThrottle loginThrottle(LoginLimits limits, Clock clock) {
        return new LoginThrottle(limits, clock);
    }

    @Bean
    UserStore userStore(JdbcClient jdbc) {
        return new UserStore(jdbc);
    }

    @Bean
    UserDirectory userDirectory(UserStore store, Blocking blocking) {
        return new UserDirectory(store, blocking);
    }

    @Bean
    DenyList denyList() {
        return new DenyList();
    }

    @Bean
    Tokens tokens(AuthSettings settings, DataSettings data, Clock clock, DenyList denied) {
        return new Tokens(SigningKey.from(settings, data.resolve("jwt-signing-key")), settings, clock, denied);
    }

    @Bean
    RevokedTokens revokedTokens(JdbcClient jdbc, DenyList denied, Clock clock) {
        return new RevokedTokens(jdbc, denied, clock);
    }

    @Bean
    RefreshTokens refreshTokens(JdbcClient jdbc, AuthSettings settings, Clock clock) {
        return new RefreshTokens(jdbc, settings, clock);
    }

    @Bean(destroyMethod = "stop")
    TokenJanitor tokenJanitor(RevokedTokens revoked, RefreshTokens refresh, AuthSettings settings, Blocking blocking) {
        return new TokenJanitor(revoked, refresh, settings, blocking);
    }

    @Bean
    AuthFailures authFailures(MeterRegistry meters) {
        return new AuthFailures(meters);
    }

    @Bean
    BearerAuthFilter bearerAuthFilter(Tokens tokens, JsonMapper json, AuthFailures failures) {
        return new BearerAuthFilter(tokens, json, failures);
    }
}
