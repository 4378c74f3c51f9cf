package dev.parley.system;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** A bean or configuration that exists only on a node with this role ({@code parley.roles}). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Conditional(OnRole.Check.class)
public @interface OnRole {

    Role value();

    final class Check implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Role role = (Role) metadata.getAnnotationAttributes(OnRole.class.getName()).get("value");
            return Role.of(context.getEnvironment()).contains(role);
        }
    }
}
