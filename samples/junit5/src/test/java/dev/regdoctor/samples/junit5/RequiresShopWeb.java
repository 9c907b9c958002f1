package dev.regdoctor.samples.junit5;

import dev.regdoctor.junit5.RequiresRegistry;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires the shop's web image. Composing {@code @RequiresRegistry} once keeps the image name in
 * one place for every test class that deploys it; {@code ${registry.host}} comes from the
 * configuration parameter (or system property) {@code registry.host}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RequiresRegistry("${registry.host}/shop/web:1.4")
@interface RequiresShopWeb {}
