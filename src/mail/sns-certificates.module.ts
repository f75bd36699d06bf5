import { Global, Module, type DynamicModule } from '@nestjs/common';
import { HttpsSnsCertificateFetcher, SnsCertificateFetcher } from './sns-certificate.fetcher.js';

/** Provides the SnsCertificateFetcher port app-wide: https to AWS, or the one a test passes in. */
@Global()
@Module({})
export class SnsCertificatesModule {
  static forRoot(fetcher: SnsCertificateFetcher = new HttpsSnsCertificateFetcher()): DynamicModule {
    return { module: SnsCertificatesModule, providers: [{ provide: SnsCertificateFetcher, useValue: fetcher }], exports: [SnsCertificateFetcher] };
  }
}
