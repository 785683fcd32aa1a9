import { AppConfig } from './app-config';

describe('AppConfig.httpSecurity', () => {
  it('defaults to no extra Host names and no HSTS', () => {
    expect(AppConfig.fromEnvironment({}).httpSecurity).toEqual({ allowedHosts: [], hstsMaxAgeSeconds: 0 });
  });

  it('reads ALLOWED_HOSTS as a trimmed, lower-cased list and HSTS_MAX_AGE_SECONDS as a number', () => {
    const config = AppConfig.fromEnvironment({
      ALLOWED_HOSTS: ' Gateway.Example.com, gateway:8000 ,[fd00::2]:8000,',
      HSTS_MAX_AGE_SECONDS: '31536000',
    });
    expect(config.httpSecurity).toEqual({
      allowedHosts: ['gateway.example.com', 'gateway:8000', '[fd00::2]:8000'],
      hstsMaxAgeSeconds: 31_536_000,
    });
  });

  it('names a malformed entry and a negative max-age', () => {
    expect(() =>
      AppConfig.fromEnvironment({ ALLOWED_HOSTS: 'ok.example, http://bad/', HSTS_MAX_AGE_SECONDS: '-1' }),
    ).toThrow(
      /ALLOWED_HOSTS: must be a comma-separated list of host names[\s\S]*HSTS_MAX_AGE_SECONDS: must be an integer/,
    );
  });
});
