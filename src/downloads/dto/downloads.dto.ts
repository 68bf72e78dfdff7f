import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ProductFilesQueryDto {
  @ApiPropertyOptional({
    example: 'V3NYHLOKZ4IRIZ4D9Y8KDM8VZL16BOQ3HD8VZY7J',
    description: 'A license of this product: each file then gets a signed, short-lived download_url bound to it',
  })
  @IsOptional() @IsString() @MaxLength(128)
  license_key?: string;
}

export class DownloadUrlQueryDto {
  @ApiPropertyOptional({ example: 'example.com', description: 'A domain registered on the license (or send device)' })
  @IsOptional() @IsString() @MaxLength(255)
  domain?: string;

  @ApiPropertyOptional({ example: 'device-123', description: 'A device registered on the license (or send domain)' })
  @IsOptional() @IsString() @MaxLength(255)
  device?: string;

  @ApiPropertyOptional({ example: '1.4.0', description: 'A version instead of the current one' })
  @IsOptional() @IsString() @MaxLength(64)
  version?: string;

  @ApiPropertyOptional({ example: 'pro', description: "A variation's line instead of the one the license names" })
  @IsOptional() @IsString() @MaxLength(100)
  variation?: string;
}
