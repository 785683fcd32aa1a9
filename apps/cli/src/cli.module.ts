import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { OutputService } from './output/output.service';

/** The `policy-mesh` command line: thin commands over the same lib modules as the gateway. */
@Module({
  imports: [ConfigModule.forRoot()],
  providers: [OutputService],
})
export class CliModule {}
